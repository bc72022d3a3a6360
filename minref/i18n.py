"""One message catalog for every layer: the UI, the analysis sentences, the briefs and the CLI.

Why gettext (.po/.mo) with Babel rather than Qt Linguist (.ts/.qm): the analysis, briefing
and CLI layers have no Qt and must translate the same sentences the window shows; a .qm
file can only be read through QTranslator. gettext is in the standard library, Babel
(already needed for CLDR numbers and dates) extracts and compiles, and the widgets' own
``self.tr()`` strings reach the same catalog through a QTranslator subclass
(:mod:`minref.ui.translators`) whose ``translate()`` asks this module.

The language is, in order: ``--lang`` on the command line, the ``language`` setting in
the user's minref.ini, the system locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE), English.
``pseudo`` wraps every translated string in ⟦…⟧ and lengthens it by about 40 % to show
what bypasses the catalog and which layouts break with longer text.

The .po files ship as package data; the .mo files are compiled from them on first use
into the user cache (keyed by the .po's content, so an edited .po is recompiled), unless
a compiled .mo newer than its .po sits beside it (``scripts/i18n.py compile``). That
works the same for ``pip install .``, ``pip install -e .`` and the PyInstaller bundle.

Numbers, percentages, money and dates go through Babel with the locale of the current
language (es -> es_MX, fr -> fr_FR, en -> en_US). JSON output stays locale-free: the CLI
switches to English for ``--json``.
"""

from __future__ import annotations

import configparser
import contextlib
import functools
import gettext as _gettext
import logging
import math
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # decimal is imported where used: the app's start-up
    from decimal import Decimal

logger = logging.getLogger(__name__)

DOMAIN = "minref"
LANGUAGES = ("en", "es", "fr")  # what users choose from
PSEUDO = "pseudo"
# The CLDR locale each language formats numbers and dates with.
LOCALES = {"en": "en_US", "es": "es_MX", "fr": "fr_FR", PSEUDO: "en_US"}
# The language's own name, for language menus (not translated on purpose).
LANGUAGE_NAMES = {"en": "English", "es": "Español (México)", "fr": "Français"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SETTING_KEY = "language"

_global_lang = "en"
_local = threading.local()  # a language for one thread only (a brief written in another)
_translations: dict[str, _gettext.NullTranslations] = {}
_lock = threading.Lock()


# ------------------------------------------------------------------ choosing the language
def normalise(lang: str | None) -> str | None:
    """'es_MX.UTF-8' -> 'es', 'fr-CA' -> 'fr', 'pseudo' -> 'pseudo'; None for others."""
    if not lang:
        return None
    code = lang.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if code == PSEUDO:
        return PSEUDO
    base = code.split("_")[0]
    return base if base in LANGUAGES else None


def system_language(environ=None) -> str:
    """The language the system asks for (LC_ALL, LC_MESSAGES, LANG, LANGUAGE), else English."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return normalise(value) or "en"
    for part in env.get("LANGUAGE", "").split(":"):
        if normalise(part):
            return normalise(part)
    return "en"


def _settings_path() -> Path:
    from minref.paths import user_paths

    return user_paths().config / "minref.ini"  # the file minref.ui.app.settings() keeps


def saved_language() -> str | None:
    """The language chosen in the app and saved in minref.ini, if any."""
    path = _settings_path()
    if not path.is_file():
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError) as exc:
        logger.warning("settings file %s unreadable: %s", path, exc)
        return None
    return normalise(parser.get("General", SETTING_KEY, fallback=""))


def save_language(lang: str | None) -> None:
    """Persist the user's choice (None or "system": follow the system again)."""
    path = _settings_path()
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # QSettings keys are case-sensitive
    if path.is_file():
        parser.read(path, encoding="utf-8")
    if not parser.has_section("General"):
        parser.add_section("General")
    if lang in (None, "", "system"):
        parser.remove_option("General", SETTING_KEY)
    else:
        parser.set("General", SETTING_KEY, normalise(lang) or "en")
    path.parent.mkdir(parents=True, exist_ok=True)
    import io

    from minref.files import atomic_write_text

    buf = io.StringIO()
    parser.write(buf)
    atomic_write_text(path, buf.getvalue())


def resolve_language(explicit: str | None = None) -> str:
    """--lang, else the saved setting, else the system's language."""
    return normalise(explicit) or saved_language() or system_language()


def set_language(lang: str | None) -> str:
    """Make ``lang`` the language of the whole process; returns the language used."""
    global _global_lang
    _global_lang = normalise(lang) or "en"
    logger.debug("language %s", _global_lang)
    return _global_lang


def current_language() -> str:
    return getattr(_local, "lang", None) or _global_lang


def current_locale() -> str:
    """The CLDR locale of the current language (es_MX, fr_FR, en_US)."""
    return LOCALES[current_language()]


@contextmanager
def using(lang: str | None) -> Iterator[str]:
    """Translate in ``lang`` inside the block, in this thread only (a brief in Spanish)."""
    previous = getattr(_local, "lang", None)
    _local.lang = normalise(lang) or current_language()
    try:
        yield _local.lang
    finally:
        _local.lang = previous


# ------------------------------------------------------------------ the catalogs
def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_po(po: Path, mo: Path) -> None:
    """Compile one .po to .mo (fuzzy and untranslated entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    # The folder and the file first: a read-only cache fails at once, not after the parse.
    mo.parent.mkdir(parents=True, exist_ok=True)
    tmp = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as out:
            with open(po, "rb") as fh:
                catalog = read_po(fh, locale=po.parent.parent.name, domain=DOMAIN)
            write_mo(out, catalog, use_fuzzy=False)
        os.replace(tmp, mo)
    except BaseException:  # a full disk: no half-written file left in the cache
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def _mo_for(lang: str) -> Path | None:
    po = po_path(lang)
    beside = po.with_suffix(".mo")
    if not po.is_file():
        return beside if beside.is_file() else None
    if beside.is_file() and beside.stat().st_mtime >= po.stat().st_mtime:
        return beside
    from minref.paths import user_paths

    # Compiled once per version of the .po, known by its size and modification time as
    # Python knows a module's bytecode (hashing the 290 kB file and importing hashlib
    # took 3 ms of every Spanish and French start).
    st = po.stat()
    cached = user_paths().cache / "locale" / f"{lang}-{st.st_size}-{st.st_mtime_ns}.mo"
    if not cached.is_file():
        try:
            compile_po(po, cached)
            logger.info("compiled %s to %s", po, cached)
        except OSError as exc:  # no writable cache (a read-only home): compiled in memory
            logger.debug("cannot compile %s into the cache: %s", po, exc)
            return None
    return cached


def _load(lang: str) -> _gettext.NullTranslations:
    if lang in ("en", PSEUDO):
        return _gettext.NullTranslations()
    mo = _mo_for(lang)
    try:
        if mo is not None:
            with open(mo, "rb") as fh:
                return _gettext.GNUTranslations(fh)
        if po_path(lang).is_file():  # read-only cache: compile in memory
            import io

            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with open(po_path(lang), "rb") as fh:
                catalog = read_po(fh, locale=lang, domain=DOMAIN)
            buf = io.BytesIO()
            write_mo(buf, catalog, use_fuzzy=False)
            buf.seek(0)
            return _gettext.GNUTranslations(buf)
    except (OSError, ValueError) as exc:
        logger.error("translations for %s could not be read: %s", lang, exc)
    logger.warning("no translations for %s: English is shown", lang)
    return _gettext.NullTranslations()


def translations(lang: str | None = None) -> _gettext.NullTranslations:
    """The loaded catalog of a language (English: the identity)."""
    lang = normalise(lang) or current_language()
    if lang not in _translations:
        with _lock:
            if lang not in _translations:
                _translations[lang] = _load(lang)
    return _translations[lang]


def has_catalog(lang: str) -> bool:
    """True if the language's catalog loaded and holds translations (the self-test asks)."""
    t = translations(lang)
    return isinstance(t, _gettext.GNUTranslations) and len(getattr(t, "_catalog", {})) > 1


# ------------------------------------------------------------------ translating
_PSEUDO_MAP = str.maketrans(
    "aceinousyACEINOUSY",
    "àçéîñöûšýÀÇÉÎÑÖÛŠÝ",
)


def pseudo(text: str) -> str:
    """⟦Ŝàmplé téxt~~~~⟧: accented, ~40 % longer, placeholders and markup kept intact."""
    if not text or text.startswith("⟦"):
        return text
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        close = {"{": "}", "<": ">", "&": ";"}.get(ch)
        if close:
            j = text.find(close, i)
            if j != -1 and (ch != "&" or j - i < 10):
                out.append(text[i : j + 1])
                i = j + 1
                continue
        if ch == "%" and i + 1 < n and (text[i + 1].isdigit() or text[i + 1] in "nL"):
            out.append(text[i : i + 2])  # Qt's %n, %1, %L1
            i += 2
            continue
        if ch == "%" and text.startswith("%(", i):
            j = text.find(")", i)
            if j != -1 and j + 1 < n:
                out.append(text[i : j + 2])
                i = j + 2
                continue
        out.append(ch.translate(_PSEUDO_MAP))
        i += 1
    body = "".join(out)
    return f"⟦{body}{'~' * max(1, round(len(text) * 0.4))}⟧"


def gettext(message: str) -> str:
    """``message`` in the current language (the English text when it has no translation)."""
    lang = current_language()
    if lang == PSEUDO:
        return pseudo(message)
    if lang == "en" or not message:
        return message
    return translations(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language's plural rules."""
    lang = current_language()
    if lang == PSEUDO:
        return pseudo(singular if n == 1 else plural)
    if lang == "en":
        return singular if n == 1 else plural
    return translations(lang).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` disambiguated by ``context`` (e.g. "flag" vs "menu")."""
    lang = current_language()
    if lang == PSEUDO:
        return pseudo(message)
    if lang == "en":
        return message
    return translations(lang).pgettext(context, message)


def clauses(items) -> str:
    """Clauses joined as the reader's language punctuates a list of them: "a; b" in English
    and Spanish, "a ; b" in French (a narrow no-break space before the semicolon)."""
    return pgettext("clause separator", "; ").join(items)


def lookup(message: str, n: int = -1, context: str | None = None) -> str | None:
    """The translation of ``message`` or None when the catalog has none (for QTranslator).

    A translation kept for a Qt context (msgctxt "MainWindow": a shorter label that fits
    the navigation's width) is preferred in that context."""
    lang = current_language()
    if lang == PSEUDO:
        return pseudo(message)
    if lang == "en" or not message:
        return None
    t = translations(lang)
    catalog = getattr(t, "_catalog", {})
    if context and f"{context}\x04{message}" in catalog:
        return catalog[f"{context}\x04{message}"]
    if message in catalog:
        return catalog[message]
    if n >= 0 and (message, 0) in catalog:
        return t.ngettext(message, message, n)
    return None


def N_(message: str) -> str:  # noqa: N802 (gettext convention)
    """Mark a string for extraction where it is defined; translate it with _() where shown."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802 (gettext convention)
    """Mark ``message`` for a translation of its own in one Qt context (e.g. "MainWindow")."""
    return message


_ = gettext


# ------------------------------------------------------------------ alphabetical order
def collation_key(text: str, lang: str | None = None) -> tuple[str, str]:
    """A sort key for names shown to the reader, in the alphabetical order of the reader's
    language: accents and case ignored ("Étain" among the E's, not after "Zinc", as a
    plain sort of code points puts it), and in Spanish "ñ" a letter of its own after
    "n" ("Niobio" < "Ñandú").  Names equal but for accents and case keep a fixed order.
    Babel holds no collation tables (CLDR's collation needs ICU), so this is the simple
    accent-insensitive order, which is what French and Spanish dictionaries use at the
    first level."""
    import unicodedata

    text = text or ""
    folded = unicodedata.normalize("NFKC", text)
    if (normalise(lang) or current_language()) == "es":
        folded = folded.replace("ñ", "n\U0010ffff").replace("Ñ", "N\U0010ffff")
    folded = unicodedata.normalize("NFD", folded)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return folded.replace("œ", "oe").replace("æ", "ae"), text


def sorted_names(names, lang: str | None = None) -> list[str]:
    """Names in the reader's alphabetical order (see :func:`collation_key`)."""
    return sorted(names, key=lambda n: collation_key(n, lang))


# ------------------------------------------------------------------ CLDR formatting
@functools.cache
def _babel_locale(locale: str):
    """Babel's Locale, parsed once (parsing a locale name on every call doubles the cost
    of formatting a number)."""
    from babel import Locale

    return Locale.parse(locale)


def _locale_for(lang: str | None):
    return _babel_locale(LOCALES.get(normalise(lang) or current_language(), "en_US"))


# The number conventions of es-MX and fr-FR as CLDR has them in Babel's locale data: the
# decimal mark, the group separator (groups of three digits) and what follows a
# percentage.  Plain numbers and percentages in Spanish and French are written with them,
# as English ones are with Python's own (CLDR en-US is Python's format): the window's
# first page then needs none of Babel's locale data, whose loading was most of what a
# Spanish or French start made slower than an English one (14 ms, bench/bench_startup.py).
# Babel stays the authority: tests/test_i18n.py holds this table to Babel's data and
# every output below to Babel's own, and Babel formats the rest (dates, compact amounts).
PLAIN_NUMBERS = {"es_MX": (".", ",", "%"), "fr_FR": (",", "\u202f", "\u00a0%")}


def _plain_digits(text: str, locale: str) -> str:
    """Digits as Python prints them ("-1234567.891") in the locale's marks:
    "-1,234,567.891" (es-MX), "-1 234 567,891" (fr-FR, narrow no-break spaces)."""
    point, group, _suffix = PLAIN_NUMBERS[locale]
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, frac = digits.partition(".")
    grouped = f"{int(whole):,}".replace(",", group)
    return sign + grouped + (point + frac if frac else "")


def _rounded(value: float, decimals: int) -> str:
    """A float to ``decimals`` places as Babel rounds it: the decimal the float prints as,
    rounded half to even ("0.15" -> "0.2")."""
    from decimal import Decimal

    return f"{Decimal(repr(float(value))):.{max(decimals, 0)}f}"


def format_decimal(value: float | int | Decimal, lang: str | None = None) -> str:
    """A number in the reader's conventions with every digit the source gave, no more:
    en/es-MX 6,300.5; fr-FR 6 300,5 (narrow no-break space, as CLDR gives)."""
    from decimal import Decimal

    text = repr(float(value)) if not isinstance(value, Decimal) else str(value)
    if isinstance(value, int) or (not isinstance(value, Decimal) and float(value).is_integer()):
        text = str(int(value))
    if "e" in text.lower() and not isinstance(value, Decimal):
        return text  # beyond what USGS prints; shown as the float prints it
    locale = LOCALES.get(normalise(lang) or current_language(), "en_US")
    if locale in PLAIN_NUMBERS and not isinstance(value, Decimal) and text[-1].isdigit():
        return _plain_digits(text, locale)
    from babel.numbers import format_decimal as babel_decimal

    return babel_decimal(Decimal(text), locale=_locale_for(lang), decimal_quantization=False)


def format_percent(value: float | None, decimals: int = 1, lang: str | None = None) -> str:
    """A percentage given in percent units (24.2 -> "24.2%" / "24,2 %" as CLDR spaces it)."""
    if value is None:
        return ""
    locale = LOCALES.get(normalise(lang) or current_language(), "en_US")
    if locale == "en_US":  # CLDR en-US is "#,##0%": no need to load Babel (start-up time)
        return f"{float(value):,.{max(decimals, 0)}f}%"
    if locale in PLAIN_NUMBERS and math.isfinite(value):
        return _plain_digits(_rounded(value, decimals), locale) + PLAIN_NUMBERS[locale][2]
    from decimal import Decimal

    from babel.numbers import format_percent as babel_percent

    return babel_percent(
        Decimal(repr(float(value))) / 100,
        _percent_pattern(locale, decimals),
        locale=_babel_locale(locale),
    )


@functools.cache
def _percent_pattern(locale: str, decimals: int) -> str:
    pattern = _babel_locale(locale).percent_formats[None].pattern
    if decimals > 0:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * decimals, 1)
    return pattern


def percent_sign(lang: str | None = None) -> str:
    """What follows a number to make it a percentage: "%" in English, " %" (no-break
    space) in French, as CLDR's percent pattern has it."""
    locale = LOCALES.get(normalise(lang) or current_language(), "en_US")
    if locale == "en_US":
        return "%"
    if locale in PLAIN_NUMBERS:
        return PLAIN_NUMBERS[locale][2]
    pattern = _percent_pattern(locale, 0)
    return pattern[pattern.rfind("0") + 1 :] or "%"


def format_fixed(value: float, decimals: int = 1, lang: str | None = None) -> str:
    """A computed number shown to a fixed number of decimals (US$ million: "1,234.5",
    "1 234,5"); never used for a figure the source states (format_decimal keeps those)."""
    locale = LOCALES.get(normalise(lang) or current_language(), "en_US")
    if locale == "en_US":
        return f"{value:,.{decimals}f}"
    if locale in PLAIN_NUMBERS and math.isfinite(value):
        return _plain_digits(_rounded(value, decimals), locale)
    from babel.numbers import format_decimal as babel_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return babel_decimal(value, pattern, locale=_babel_locale(locale))


def format_money_compact(value: float, currency: str = "USD", lang: str | None = None) -> str:
    """A large amount in words of the locale: "US$2.68 billion", "US$2.68 mil millones",
    "2,68 Md $US" (CLDR compact forms; Spanish uses CLDR's long form because its short
    form for 10^9 is "2680 M")."""
    from babel.numbers import format_compact_currency, format_compact_decimal

    lang = normalise(lang) or current_language()
    locale = LOCALES.get(lang, "en_US")
    if lang == "fr":
        return format_compact_currency(value, currency, locale=locale, fraction_digits=2)
    symbol = "US$" if currency == "USD" else currency
    words = format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=2)
    return f"{symbol}{words}"


def format_date(value, fmt: str = "medium", lang: str | None = None) -> str:
    """A date in the reader's conventions ("1 de marzo de 2025", "1 mars 2025")."""
    locale = LOCALES.get(normalise(lang) or current_language(), "en_US")
    if locale == "en_US" and fmt in ("medium", "long") and hasattr(value, "month"):
        # CLDR en-US "MMM d, y" / "MMMM d, y", without loading Babel (a brief's header)
        month = _EN_MONTHS[value.month - 1]
        return f"{month[:3] if fmt == 'medium' else month} {value.day}, {value.year}"
    from babel.dates import format_date as babel_date

    return babel_date(value, fmt, locale=_babel_locale(locale))


_EN_MONTHS = ("January February March April May June July August September October "
              "November December").split()  # fmt: skip


def format_month(year: int, month: int, lang: str | None = None) -> str:
    """A month and year: "March 2025", "marzo de 2025", "mars 2025"."""
    import datetime

    from babel.dates import format_skeleton

    locale = LOCALES.get(normalise(lang) or current_language(), "en_US")
    return format_skeleton("yMMMM", datetime.date(year, month, 1), locale=locale)
