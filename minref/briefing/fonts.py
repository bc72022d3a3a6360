"""DejaVu Sans for PDFs: Spanish and French accents and symbols print correctly.

Parsing the three TTFs takes about 30 ms of every brief's start-up (reportlab reads every
glyph's width and cmap entry); the parsed faces are kept in the user cache, keyed by the
font file's SHA-256 and reportlab's version, and load in about 2 ms each.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from functools import cache
from pathlib import Path

logger = logging.getLogger(__name__)

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
FILES = (
    (REGULAR, "DejaVuSans.ttf"),
    (BOLD, "DejaVuSans-Bold.ttf"),
    (ITALIC, "DejaVuSans-Oblique.ttf"),
)


def reportlab_settings() -> None:
    """reportlab's settings for briefs: no checked attribute assignment on every chart
    shape (a debugging aid, a quarter of a pack's chart time) and no ASCII85 around
    compressed streams (it makes a PDF 25 % larger and costs time). What prints is the
    same. Both are read when used, so setting them before the first drawing is enough."""
    from reportlab import rl_config

    rl_config.shapeChecking = 0
    rl_config.useA85 = 0


class _Scale:
    """Font units to PDF's thousandths of an em (reportlab keeps a lambda, which does not
    pickle)."""

    def __init__(self, units_per_em: int):
        self.factor = 1000 / units_per_em

    def __call__(self, x):
        return x * self.factor


def _cache_dir() -> Path | None:
    try:
        from minref.paths import user_paths

        return user_paths().cache / "fonts"
    except Exception as exc:  # no home folder: parse every time
        logger.info("no font cache: %s", exc)
        return None


def load_face(path: Path, cache_dir: Path | None = None):
    """The parsed reportlab face of a TTF: from the cache when the file's hash matches,
    else parsed and stored there (a cache that cannot be written is skipped)."""
    import reportlab
    from reportlab.pdfbase.ttfonts import TTFontFace

    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    cache_dir = cache_dir if cache_dir is not None else _cache_dir()
    cached = (
        cache_dir / f"{path.stem}-{digest}-reportlab-{reportlab.Version}.pickle"
        if cache_dir is not None
        else None
    )
    if cached is not None and cached.is_file():
        try:
            with open(cached, "rb") as fh:
                state = pickle.load(fh)
            face = TTFontFace.__new__(TTFontFace)
            face.__dict__.update(state)
            face._ttf_data = data
            face._pdfScale = _Scale(face.unitsPerEm)
            return face
        except Exception as exc:  # a damaged or foreign file: parse the font again
            logger.warning("font cache %s unreadable (%s): parsing %s", cached, exc, path.name)
    face = TTFontFace(str(path))
    if cached is not None:
        state = {k: v for k, v in vars(face).items() if k not in ("_ttf_data", "_pdfScale")}
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cached)
        except OSError as exc:
            logger.info("font cache not written (%s)", exc)
            tmp.unlink(missing_ok=True)
    return face


def ttfont(name: str, path: Path, cache_dir: Path | None = None):
    """A reportlab TTFont named ``name`` whose face comes from :func:`load_face`."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase import ttfonts

    # What TTFont.__init__ (reportlab 5.1) does once it has parsed the face.
    font = ttfonts.TTFont.__new__(ttfonts.TTFont)
    font.fontName = name
    font.face = load_face(path, cache_dir)
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in ttfonts.unShapedFontGlob)
    return font


@cache
def register_fonts() -> None:
    """Register the bundled TTFs with reportlab once (they are embedded in every PDF)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    from minref.paths import resource_dir

    reportlab_settings()
    fonts = resource_dir() / "fonts"
    for name, file in FILES:
        pdfmetrics.registerFont(ttfont(name, fonts / file))
    # Drawings start from reportlab's default state (Helvetica), which would put an
    # unembedded base-14 font into every PDF with a chart; start them in DejaVu instead.
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = REGULAR
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
