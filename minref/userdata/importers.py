"""Read trade files officials download when online: a UN Comtrade CSV export (alone or
zipped, one CSV in the zip), a CEPII BACI CSV (alone, beside its country and product code
lists, or zipped as downloaded), a U.S. Census international trade API response (JSON or
CSV) and a USITC DataWeb export.  A zip is read member by member as a stream, never
unpacked to disk.

Files are streamed, never held whole: :func:`preview_import` reads the file once and says
what it holds (rows, years, reporters, partners, what is new, the first malformed lines),
and, given the user's data file, writes the checked, encoded rows to a staging file beside
it (:class:`minref.userdata.trade_store.Staging`); :func:`commit_import` copies them from
there into the user's data file in one transaction, set-based, without reading the file
again (a file changed since its preview — size, time or inode — is refused).  Without a
staging file (none could be written) the commit streams the file again.  Memory stays flat
whatever the file's size.  A value that cannot be trade data is refused
with its line number.

Repeated rows: within one file, the first row of a key (reporter, partner, HS code, year,
month, flow and basis) is kept and later repeats are skipped and counted; UN Comtrade
breakdowns by mode of transport, customs procedure or second partner are left out when
the file also holds their totals' columns (only the totals are kept).  Rows already held
from an earlier import are kept as a separate source and reported in the preview.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import io
import itertools
import json
import logging
import re
import sqlite3
import stat
import time
import weakref
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count, islice, repeat
from operator import itemgetter
from pathlib import Path

import numpy as np

from minref.catalog.queries import Catalog, UnknownName
from minref.errors import explain, quoted
from minref.i18n import N_, _, clauses, format_decimal, format_percent, ngettext
from minref.records import record
from minref.userdata import baci_block, trade_store
from minref.userdata.trade_store import BACI_COLUMNS, KEY_COLUMNS, ROW_COLUMNS

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024**3  # per file, or per member of a zip once unpacked
MAX_LINE = 1024**2  # a longer line is not a trade file's
BATCH = 20_000
ERRORS_SHOWN = 5
DUPLICATE_CHECK_ROWS = 1_000_000  # the preview checks repeats exactly up to this many rows
SAMPLE_ROWS = 20


class ImportFormatError(Exception):
    """The file is not one minref can read, or a line of it is malformed."""


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


@record
class Progress:
    """How far a pass over the file has got."""

    stage: str  # "preview" or "import"
    rows: int
    done_bytes: int
    total_bytes: int
    elapsed_s: float

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def fraction(self) -> float:
        return min(1.0, self.done_bytes / self.total_bytes) if self.total_bytes else 0.0

    @property
    def seconds_left(self) -> float | None:
        if self.fraction <= 0 or self.elapsed_s <= 0:
            return None
        return self.elapsed_s * (1 - self.fraction) / self.fraction

    def line(self) -> str:
        left = self.seconds_left
        n = self.rows
        if self.stage == "preview" and left is not None:
            template = ngettext(
                "reading: {rows} row, {rate} rows/s, {percent}, {seconds} s left",
                "reading: {rows} rows, {rate} rows/s, {percent}, {seconds} s left",
                n,
            )
        elif self.stage == "preview":
            template = ngettext(
                "reading: {rows} row, {rate} rows/s, {percent}",
                "reading: {rows} rows, {rate} rows/s, {percent}",
                n,
            )
        elif left is not None:
            template = ngettext(
                "importing: {rows} row, {rate} rows/s, {percent}, {seconds} s left",
                "importing: {rows} rows, {rate} rows/s, {percent}, {seconds} s left",
                n,
            )
        else:
            template = ngettext(
                "importing: {rows} row, {rate} rows/s, {percent}",
                "importing: {rows} rows, {rate} rows/s, {percent}",
                n,
            )
        return template.format(
            rows=format_decimal(n),
            rate=format_decimal(round(self.rows_per_s)),
            percent=format_percent(round(100 * self.fraction), 0),
            seconds=format_decimal(round(left or 0)),
        )


ProgressFn = Callable[[Progress], None]
CancelFn = Callable[[], bool]


@dataclass
class ImportPreview:
    path: str
    file_name: str
    file_format: str
    sha256: str
    meta: dict
    encoding: str
    members: list[str]  # zip members read (empty for a plain file)
    rows_read: int  # rows the import would write, repeats within the file included
    years: list[int]
    reporters: list[str]
    partners: list[str]
    sample: list[dict]  # the first rows, as the catalog's trade_flows columns
    duplicates: int | None  # repeats within the file (None: not checked to the end)
    new_rows: int | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    code_lists: dict = field(default_factory=dict, repr=False)

    def summary(self) -> str:
        """One line for the CLI: a list of clauses, each translated whole."""
        n = self.rows_read
        if self.new_rows is not None:
            rows = ngettext("{count} row, {new} new", "{count} rows, {new} new", n).format(
                count=format_decimal(n), new=format_decimal(self.new_rows)
            )
        else:
            rows = ngettext("{count} row", "{count} rows", n).format(count=format_decimal(n))
        years = self.years
        if not years:
            span = _("no years")
        elif years[0] == years[-1]:
            span = _("year {year}").format(year=years[0])
        else:
            span = _("years {first}–{last}").format(first=years[0], last=years[-1])
        reporters = ngettext(
            "{count} reporter ({names})", "{count} reporters ({names})", len(self.reporters)
        ).format(count=format_decimal(len(self.reporters)), names=", ".join(self.reporters[:5]))
        partners = ngettext("{count} partner", "{count} partners", len(self.partners)).format(
            count=format_decimal(len(self.partners))
        )
        return _("{format}: {clauses}").format(
            format=self.file_format, clauses=clauses((rows, span, reporters, partners))
        )


MAX_VALUE_USD = 1e15  # no trade flow comes near a thousand trillion US$
FIRST_YEAR = 1962  # UN Comtrade's first year


def _last_year() -> int:
    return datetime.date.today().year + 1


def _num(
    text: str, line: int, column: str, required: bool = False, limit: float | None = None
) -> float | None:
    """A finite, non-negative number in plain ASCII digits (thousands commas allowed)."""
    t = (text or "").strip().replace(",", "")
    if t == "":
        if required:
            raise ImportFormatError(
                _("line {line}: {column} is empty").format(line=line, column=column)
            )
        return None
    if not t.isascii():
        raise ImportFormatError(_not_a_number(line, column, text))
    try:
        v = float(t)
    except ValueError:
        raise ImportFormatError(_not_a_number(line, column, text)) from None
    if v != v or v in (float("inf"), float("-inf")):
        raise ImportFormatError(
            _("line {line}: {column} is not a finite number: {text}").format(
                line=line, column=column, text=_cell(text)
            )
        )
    if v < 0:
        raise ImportFormatError(
            _("line {line}: {column} is negative: {text}").format(
                line=line, column=column, text=_cell(text)
            )
        )
    if limit is not None and v > limit:
        raise ImportFormatError(
            _("line {line}: {column} {text} is beyond US$ {limit}; not a trade value").format(
                line=line, column=column, text=_cell(text), limit=format_decimal(limit)
            )
        )
    return v


def _cell(text: object) -> str:
    """A cell's text cited in a message: in the reader's quotation marks (“inf”, «inf»,
    « inf »), each character that cannot be seen written as its escape (a tab as ``\t``,
    a no-break space as ``\xa0``), so that the official can find the bad cell."""
    shown = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text)
    )
    return quoted(shown)


def _not_a_number(line: int, column: str, text: str) -> str:
    return _("line {line}: {column} is not a number: {text}").format(
        line=line, column=column, text=_cell(text)
    )


def _value(text: str, line: int, column: str) -> float:
    return _num(text, line, column, required=True, limit=MAX_VALUE_USD)


def _year(text: str, line: int, column: str = "year", with_month: bool = False) -> int:
    """A four-digit year in 1962..next year; ``with_month`` also takes YYYYMM (year kept)."""
    t = (text or "").strip()
    m = re.fullmatch(r"([0-9]{4})([0-9]{2})?" if with_month else r"([0-9]{4})", t)
    if not m:
        raise ImportFormatError(
            _("line {line}: {column} is not a year: {text}").format(
                line=line, column=column, text=_cell(text)
            )
        )
    year = int(m[1])
    if not FIRST_YEAR <= year <= _last_year():
        raise ImportFormatError(
            _("line {line}: {column} {text} is outside {first}–{last}").format(
                line=line, column=column, text=_cell(text), first=FIRST_YEAR, last=_last_year()
            )
        )
    if m.lastindex == 2 and not 1 <= int(m[2]) <= 12:
        raise ImportFormatError(
            _("line {line}: {column} {text} has no month 01–12").format(
                line=line, column=column, text=_cell(text)
            )
        )
    return year


def _month(text: str, line: int, column: str, annual_codes: tuple[str, ...] = ()) -> int:
    """A month 1..12, or 0 for an annual record (empty, or one of ``annual_codes``)."""
    t = (text or "").strip()
    if t == "" or t in annual_codes:
        return 0
    if not re.fullmatch(r"[0-9]{1,2}", t) or not 1 <= int(t) <= 12:
        raise ImportFormatError(
            _("line {line}: {column} {text} is not a month 1–12").format(
                line=line, column=column, text=_cell(text)
            )
        )
    return int(t)


def _hs(text: str, line: int) -> str:
    code = (text or "").strip().replace(".", "")
    if not re.fullmatch(r"[0-9]{2,10}", code):
        raise ImportFormatError(
            _("line {line}: HS code {text} is not 2 to 10 digits").format(
                line=line, text=_cell(text)
            )
        )
    return code[:6] if len(code) > 6 else code


def _text(value: str, line: int) -> str:
    """Text that can be stored (a lone surrogate from a JSON escape cannot)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        shown = _cell(value.encode("utf-8", "backslashreplace").decode())
        raise ImportFormatError(
            _("line {line}: {text} holds an invalid character (a lone UTF-16 surrogate)").format(
                line=line, text=shown
            )
        ) from None
    return value


FORMATS = {
    "comtrade": (
        "United Nations Statistics Division",
        "UN Comtrade data export",
        "UN Comtrade terms of use",
        "Source: UN Comtrade",
    ),
    "baci": (
        "CEPII",
        "BACI: international trade database at the product level",
        "Etalab Open Licence 2.0",
        "CEPII, BACI (Gaulier & Zignago, 2010)",
    ),
    "census": (
        "U.S. Census Bureau",
        "International Trade API response",
        "Public domain (U.S. Government work)",
        "U.S. Census Bureau",
    ),
    "usitc": (
        "U.S. International Trade Commission",
        "USITC DataWeb export",
        "Public domain (U.S. Government work)",
        "U.S. International Trade Commission, DataWeb",
    ),
}
FLOWS = {
    "X": "export",
    "M": "import",
    "RX": "re_export",
    "RM": "re_import",
    "EXPORT": "export",
    "IMPORT": "import",
}


# ---------------------------------------------------------------- reading the bytes


class _Guard(io.RawIOBase):
    """The bytes of a file: hashed, counted, held to the size limit and the line length."""

    def __init__(self, f, limit: int = MAX_BYTES):
        self.f = f
        self.limit = limit
        self.read_bytes = 0
        self.sha = hashlib.sha256()
        self.lines = 0
        self.since_newline = 0
        self.plain = [True]  # no byte read so far is non-ASCII, "_" or '"' (a UTF-8 BOM aside)

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self.f.read(len(b))
        n = len(data)
        if not n:
            return 0
        self.read_bytes += n
        if self.read_bytes > self.limit:
            raise ImportFormatError(
                _("the file is larger than the {gb} GB limit").format(
                    gb=format_decimal(round(self.limit / 1024**3))
                )
            )
        self.sha.update(data)
        if self.plain[0]:
            head = data[3:] if self.read_bytes == n and data.startswith(codecs.BOM_UTF8) else data
            if not head.isascii() or b"_" in head or b'"' in head:
                self.plain[0] = False
        last = data.rfind(b"\n")
        self.since_newline = self.since_newline + n if last < 0 else n - last - 1
        if self.since_newline > MAX_LINE:
            raise ImportFormatError(
                _("line {line}: the line is longer than {mb} MB; this is not a trade file").format(
                    line=self.lines + 1, mb=format_decimal(MAX_LINE // 1024**2)
                )
            )
        self.lines += data.count(b"\n")
        b[:n] = data
        return n


def _cannot_read(exc: OSError) -> str:
    return _("the file cannot be read: {reason}").format(reason=explain(exc))


def _check_regular(path: Path) -> int:
    try:
        st = path.stat()
    except OSError as exc:
        raise ImportFormatError(_cannot_read(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise ImportFormatError(_("it is not a regular file (a folder, device or pipe)"))
    if st.st_size > MAX_BYTES:
        raise ImportFormatError(
            _("the file is {size} GB; the limit is {limit} GB").format(
                size=format_decimal(round(st.st_size / 1e9, 1)),
                limit=format_decimal(MAX_BYTES // 1024**3),
            )
        )
    return st.st_size


# Compression methods Python's zipfile reads; another (Deflate64, say) is refused whole.
_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


def _looks_like_zip(path: Path) -> bool:
    """A zip by its name or its first bytes (a local file header, or an empty zip's end
    record), whether or not it can be read."""
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as f:
            return f.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


class _Source:
    """A plain file, the data files of a BACI zip or the one CSV of a UN Comtrade zip,
    opened as byte streams."""

    def __init__(self, path: Path, years: list[int] | None = None):
        self.path = path
        self.size = _check_regular(path)
        self.members: list[str] = []
        self.zip: zipfile.ZipFile | None = None
        self.code_files: dict[str, str] = {}
        if zipfile.is_zipfile(path):
            self._open_zip(years)
        elif _looks_like_zip(path):
            # a download cut short has no central directory: read as text it gave "the file
            # is neither UTF-8 nor Windows-1252 text"
            raise ImportFormatError(_("the zip file is damaged or incomplete; download it again"))

    def _open_zip(self, years):
        try:
            self.zip = zipfile.ZipFile(self.path)
            names = [i for i in self.zip.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ImportFormatError(
                _("the zip file cannot be read ({reason})").format(reason=explain(exc))
            ) from None
        data = []
        unyeared = []  # CSV files named without a BACI year (a UN Comtrade download's)
        for info in names:
            base = info.filename.rsplit("/", 1)[-1]
            low = base.lower()
            if low.startswith("country_codes") and low.endswith(".csv"):
                self.code_files["country"] = info.filename
            elif low.startswith("product_codes") and low.endswith(".csv"):
                self.code_files["product"] = info.filename
            elif low.endswith(".csv"):
                m = re.search(r"_Y([0-9]{4})_", base)
                if not m:
                    unyeared.append(base)
                if years and not (m and int(m[1]) in years):
                    continue
                data.append(info)
        if not data:
            if years and unyeared:
                raise ImportFormatError(
                    _(
                        "--year chooses among a BACI zip's yearly files; this zip holds "
                        "{names}, not BACI files: import it without --year"
                    ).format(names=", ".join(unyeared))
                )
            if years:
                raise ImportFormatError(
                    _(
                        "the zip holds no data file for {years} (a BACI download holds "
                        "BACI_HS.._Y####_V######.csv files)"
                    ).format(years=", ".join(map(str, years)))
                )
            raise ImportFormatError(
                _(
                    "the zip holds no CSV file (a BACI download holds "
                    "BACI_HS.._Y####_V######.csv files, a UN Comtrade download one CSV file)"
                )
            )
        for info in data:
            if info.flag_bits & 0x1:
                raise ImportFormatError(
                    _("{member} is encrypted; unzip it with its password first").format(
                        member=info.filename
                    )
                )
            if info.compress_type not in _ZIP_METHODS:
                raise ImportFormatError(
                    _("{member} is compressed in a way minref cannot read; unzip it first").format(
                        member=info.filename
                    )
                )
            if info.file_size > MAX_BYTES:
                raise ImportFormatError(
                    _("{member} unpacks to more than {limit} GB").format(
                        member=info.filename, limit=format_decimal(MAX_BYTES // 1024**3)
                    )
                )
        self.members = sorted(i.filename for i in data)
        self.size = sum(i.file_size for i in data)

    def streams(self) -> Iterator[tuple[str, _Guard]]:
        if self.zip is None:
            with self.path.open("rb") as f:
                yield "", _Guard(f)
            return
        for name in self.members:
            try:
                member = self.zip.open(name)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as exc:
                raise ImportFormatError(
                    _("{member} is damaged ({reason})").format(member=name, reason=explain(exc))
                ) from None
            with member as f:
                yield name, _Guard(f)

    def code_text(self, kind: str) -> tuple[str, str] | None:
        """A BACI code list: in the zip, or beside the data file."""
        try:
            if self.zip is not None:
                name = self.code_files.get(kind)
                if name is None:
                    return None
                with self.zip.open(name) as f:
                    return name, _decode(f.read(MAX_LINE * 8))
            pattern = "country_codes*.csv" if kind == "country" else "product_codes*.csv"
            found = sorted(self.path.parent.glob(pattern))
            if not found:
                return None
            version = re.search(r"_(V[0-9]+)", self.path.name)
            same = [p for p in found if version and version[1] in p.name]
            chosen = (same or found)[-1]
            if chosen.stat().st_size > MAX_LINE * 8:
                return None
            return chosen.name, _decode(chosen.read_bytes())
        except (OSError, zipfile.BadZipFile, ValueError):
            return None

    def close(self):
        if self.zip is not None:
            self.zip.close()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class _Ctx:
    """One pass over a file: encoding codes, counting, and the lines at fault."""

    def __init__(self, catalog: Catalog, coder, import_id: int, preview: bool):
        self.catalog = catalog
        self.coder = coder
        self.import_id = import_id
        self.preview = preview
        self.errors: list[str] = []
        self.error_count = 0
        self.notes: Counter = Counter()
        self.line = 0  # the line being read, for messages on unexpected faults
        self.places = _Places(catalog)
        self.code_lists: dict = {}
        self.format: str | None = None
        self.digest: str | None = None
        self.coder_conn = None
        self.columns = ROW_COLUMNS  # the form of the rows yielded (see _full)
        self.plain = [False]  # see _Guard.plain
        self.groups: Counter = Counter()  # rows per (reporter, kind, year), BACI's reader's
        self.partners: set[int] = set()

    def error(self, exc: ImportFormatError) -> None:
        if not self.preview:
            raise exc
        self.error_count += 1
        if len(self.errors) < ERRORS_SHOWN:
            self.errors.append(str(exc))

    def emit(
        self,
        reporter_iso3,
        reporter_label,
        partner_iso3,
        partner_kind,
        partner_label,
        flow,
        hs_code,
        classification,
        year,
        month,
        period,
        value_usd,
        value_basis,
        quantity=None,
        quantity_unit="",
        net_weight_kg=None,
        flags="",
    ) -> tuple:
        c = self.coder
        return (
            self.import_id,
            c.place(reporter_iso3, reporter_label or "", "reporter"),
            c.place(partner_iso3, partner_label or "", partner_kind),
            c.hs(hs_code),
            year,
            month,
            c.kind(flow, period, value_basis, classification, quantity_unit, flags),
            value_usd,
            quantity,
            net_weight_kg,
        )


# ---------------------------------------------------------------- places


# UN Comtrade's and BACI's reporter codes that differ from ISO 3166 numeric codes.
COMTRADE_CODES = {
    842: "USA",
    840: "USA",
    251: "FRA",
    250: "FRA",
    699: "IND",
    757: "CHE",
    579: "NOR",
}


class _Places:
    """Country codes and names to ISO3, through the catalog's country table and aliases."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.m49 = catalog.m49_to_iso3()
        self.known = set(self.m49.values())
        self.cache: dict[str, str | None] = {}

    def by_code(self, code: str, line: int) -> tuple[str | None, str]:
        code = (code or "").strip()
        if code in ("0", "000"):
            return None, "world"
        if not re.fullmatch(r"[0-9]{1,4}", code):
            raise ImportFormatError(
                _("line {line}: country code {code} is not a number").format(
                    line=line, code=_cell(code)
                )
            )
        n = int(code)
        iso3 = COMTRADE_CODES.get(n) or self.m49.get(n)
        return (iso3, "country") if iso3 else (None, "group")

    def by_name(self, name: str, line: int) -> tuple[str | None, str]:
        key = name.strip()
        if key.upper() in ("WORLD", "TOTAL FOR ALL COUNTRIES", "ALL COUNTRIES", "TOTAL"):
            return None, "world"
        if key not in self.cache:
            try:
                self.cache[key] = self.catalog.resolve_country(key)
            except UnknownName as exc:
                if exc.suggestions:
                    msg = _("line {line}: unknown country {name} (did you mean {suggestion}?)")
                else:
                    msg = _("line {line}: unknown country {name}")
                raise ImportFormatError(
                    msg.format(line=line, name=_cell(name), suggestion=(exc.suggestions or [""])[0])
                ) from None
        return self.cache[key], "country"


# ---------------------------------------------------------------- formats


def detect(header: list[str]) -> str | None:
    h = {c.lower() for c in header}
    if {"cmdcode", "primaryvalue"} <= h and ("refyear" in h or "period" in h):
        return "comtrade"
    if {"t", "i", "j", "k", "v", "q"} <= h:
        return "baci"
    if ("cty_code" in h or "cty_name" in h) and ("i_commodity" in h or "e_commodity" in h):
        return "census"
    if {"hts number", "country", "data type"} <= h:
        return "usitc"
    return None


NOT_RECOGNISED = N_(
    "line 1: not a recognised format. Expected a UN Comtrade CSV export (refYear, "
    "cmdCode, primaryValue…), a CEPII BACI CSV (t,i,j,k,v,q), a U.S. Census API "
    "response (CTY_CODE, I_COMMODITY…) or a USITC DataWeb export (Data Type, HTS "
    "Number, Country…)."
)


def _col(header: list[str], *names: str, required: bool = True) -> int | None:
    low = [h.lower() for h in header]
    for n in names:
        if n.lower() in low:
            return low.index(n.lower())
    if required:
        raise ImportFormatError(_("line 1: no column {name}").format(name=_cell(names[0])))
    return None


def _fields(line: int, fields: int, width: int) -> str:
    return ngettext(
        "line {line}: {fields} field, the header has {width}",
        "line {line}: {fields} fields, the header has {width}",
        fields,
    ).format(line=line, fields=fields, width=width)


def _lines(reader, width: int, ctx: _Ctx) -> Iterator[tuple[int, list[str]]]:
    """Data rows with their line numbers; blank rows skipped, short or long rows refused."""
    for row in reader:
        line = ctx.line = reader.line_num
        if len(row) != width:
            if not any(c.strip() for c in row):
                continue
            ctx.error(ImportFormatError(_fields(line, len(row), width)))
            continue
        yield line, row


def _comtrade(header, reader, ctx: _Ctx) -> Iterator[tuple]:
    c_year = _col(header, "refYear", "period")
    c_month = _col(header, "refMonth", required=False)
    c_rep_iso = _col(header, "reporterISO", "reporterISO3", required=False)
    c_rep = _col(header, "reporterCode")
    c_rep_name = _col(header, "reporterDesc", "reporterName", required=False)
    c_par_iso = _col(header, "partnerISO", "partnerISO3", required=False)
    c_par = _col(header, "partnerCode")
    c_par_name = _col(header, "partnerDesc", "partnerName", required=False)
    c_flow = _col(header, "flowCode")
    c_cmd = _col(header, "cmdCode")
    c_val = _col(header, "primaryValue")
    c_qty = _col(header, "qty", required=False)
    c_unit = _col(header, "qtyUnitAbbr", required=False)
    c_wgt = _col(header, "netWgt", required=False)
    c_cls = _col(header, "classificationCode", required=False)
    # Breakdowns: only the totals are kept (their parts would count the same goods twice).
    totals = [
        (c, ok)
        for c, ok in (
            (_col(header, "motCode", required=False), ("0", "")),
            (_col(header, "customsCode", required=False), ("C00", "")),
            (_col(header, "partner2Code", required=False), ("0", "")),
        )
        if c is not None
    ]
    year_is_period = header[c_year].lower() == "period"
    places = ctx.places
    for line, r in _lines(reader, len(header), ctx):
        try:
            if any(r[c].strip() not in ok for c, ok in totals):
                ctx.notes["breakdown"] += 1
                continue
            code = r[c_cmd].strip()
            if code.upper() == "TOTAL":
                ctx.notes["total"] += 1
                continue
            flow = FLOWS.get(r[c_flow].strip().upper())
            if flow is None:
                raise ImportFormatError(
                    _("line {line}: flowCode {flow} is not X, M, RX or RM").format(
                        line=line, flow=_cell(r[c_flow])
                    )
                )
            rep_iso, _kind = places.by_code(r[c_rep], line)
            if c_rep_iso is not None and re.fullmatch(r"[A-Z]{3}", r[c_rep_iso].strip()):
                rep_iso = r[c_rep_iso].strip()
            par_iso, kind = places.by_code(r[c_par], line)
            if (
                c_par_iso is not None
                and re.fullmatch(r"[A-Z]{3}", r[c_par_iso].strip())
                and kind == "country"
            ):
                par_iso = r[c_par_iso].strip()
            # Comtrade writes 52 in refMonth for annual records
            month = _month(r[c_month], line, "refMonth", ("52",)) if c_month is not None else 0
            if year_is_period:
                period_text = r[c_year].strip()
                if len(period_text) == 6:
                    month = _month(period_text[4:], line, "period")
            unit = r[c_unit].strip() if c_unit is not None else ""
            qty = _num(r[c_qty], line, "qty") if c_qty is not None else None
            if not unit or unit.upper() in ("N/A", "NA", "-1"):
                qty = None
            yield ctx.emit(
                rep_iso,
                _text(r[c_rep_name], line) if c_rep_name is not None else rep_iso or "",
                par_iso,
                kind,
                _text(r[c_par_name], line) if c_par_name is not None else par_iso or r[c_par],
                flow,
                _hs(code, line),
                r[c_cls].strip() if c_cls is not None else "",
                _year(r[c_year], line, header[c_year], year_is_period),
                month,
                "month" if month else "annual",
                _value(r[c_val], line, "primaryValue"),
                "FOB" if flow in ("export", "re_export") else "CIF",
                qty,
                unit if qty is not None else "",
                _num(r[c_wgt], line, "netWgt") if c_wgt is not None else None,
            )
        except ImportFormatError as exc:
            ctx.error(exc)


BACI_BASIS = "FOB (BACI reconciled; thousand US$ × 1,000)"


def _baci_codes(ctx: _Ctx, source: _Source) -> tuple[dict[str, tuple], dict[str, str]]:
    """BACI's own country codes (to ISO3) and product names, when their lists are at hand."""
    countries: dict[str, tuple] = {}
    products: dict[str, str] = {}
    found = source.code_text("country")
    if found:
        name, text = found
        rows = list(csv.reader(io.StringIO(text)))
        if rows:
            h = [c.strip().lower() for c in rows[0]]
            c_code = h.index("country_code") if "country_code" in h else None
            c_iso = next((h.index(n) for n in ("country_iso3", "iso_3digit_alpha") if n in h), None)
            c_name = next(
                (h.index(n) for n in ("country_name", "country_name_abbreviation") if n in h), None
            )
            if c_code is not None and c_iso is not None:
                for r in rows[1:]:
                    if len(r) == len(h) and r[c_code].strip().isdigit():
                        iso3 = r[c_iso].strip().upper()
                        label = r[c_name].strip() if c_name is not None else iso3
                        countries[str(int(r[c_code]))] = (iso3, label)
                ctx.code_lists["country"] = name
    found = source.code_text("product")
    if found:
        name, text = found
        rows = list(csv.reader(io.StringIO(text)))
        if rows and [c.strip().lower() for c in rows[0]][:2] == ["code", "description"]:
            for r in rows[1:]:
                if len(r) >= 2 and r[0].strip().isdigit():
                    products[r[0].strip().zfill(6)] = r[1].strip()
            ctx.code_lists["product"] = name
    return countries, products


def _baci(header, reader, ctx: _Ctx, codes, lines=None, text=None) -> Iterator[list[tuple]]:
    """The hot path (BACI years hold about ten million rows): yields batches of rows in
    the short form of :data:`BACI_COLUMNS` (a BACI row has no month, weight or import
    number of its own; fewer values a row make the preview's staging a third faster)."""
    ct, ci, cj, ck, cv, cq = (_col(header, n) for n in ("t", "i", "j", "k", "v", "q"))
    width = len(header)
    countries, products = codes
    coder = ctx.coder
    kind_q = coder.kind("export", "annual", BACI_BASIS, "HS (BACI)", "metric tons", "")
    kind_none = coder.kind("export", "annual", BACI_BASIS, "HS (BACI)", "", "")
    years: dict[str, int] = {}
    exporters: dict[str, int] = {}
    importers: dict[str, int] = {}
    hs: dict[str, int] = {}
    limit = MAX_VALUE_USD / 1000
    no_qty = ("", "NA", "na")

    def place(code: str, line: int, role: str) -> tuple[str | None, str, str]:
        code = code.strip()
        if countries:
            if not code.isdigit() or str(int(code)) not in countries:
                msg = (
                    _("line {line}: exporter code {code} is not in {file}")
                    if role == "exporter"
                    else _("line {line}: importer code {code} is not in {file}")
                )
                raise ImportFormatError(
                    msg.format(line=line, code=_cell(code), file=ctx.code_lists["country"])
                )
            iso3, label = countries[str(int(code))]
            if iso3 in ctx.places.known:
                return iso3, label, "country"
            return None, label, "group"
        iso3, kind = ctx.places.by_code(code, line)
        return iso3, iso3 or code, kind

    def learn(t: str, i: str, j: str, k: str, line: int) -> tuple[int, int, int, int]:
        """Check and code a year, exporter, importer or product met for the first time."""
        if t not in years:
            years[t] = _year(t, line, "t")
        if i not in exporters:
            iso3, label, _kind = place(i, line, "exporter")
            exporters[i] = coder.place(iso3, label, "reporter")
        if j not in importers:
            iso3, label, kind = place(j, line, "importer")
            importers[j] = coder.place(iso3, label, kind)
        if k not in hs:
            code = _hs(k.strip().zfill(6), line)
            if len(code) != 6:
                raise ImportFormatError(
                    _("line {line}: k {code} is not an HS6 code").format(line=line, code=_cell(k))
                )
            hs[k] = coder.hs(code)
            if products:
                if code in products:
                    coder.hs_labels[hs[k]] = products[code]
                else:
                    ctx.notes["unlisted product"] += 1
        return years[t], exporters[i], importers[j], hs[k]

    standard = (ct, ci, cj, ck, cv, cq) == (0, 1, 2, 3, 4, 5) and width == 6
    # plain[0]: every byte read so far is ASCII and none is "_", so no field can hold the
    # non-ASCII digits or the underscores float() would take (checked a megabyte at a time)
    plain = ctx.plain
    out: list[tuple] = []
    append = out.append
    left = BATCH
    last_t = last_i = last_j = None  # BACI is sorted by year, exporter, importer
    # Rows per (exporter, kind, year) and the importers met, counted once per run of rows
    # of one year, exporter and importer (not row by row in the preview's pass).
    groups, partners = ctx.groups, ctx.partners
    yielded = run_start = run_na = 0
    run_rep = run_par = run_year = None
    # Fast: a standard file whose bytes so far are plain ASCII with no quote is split on
    # commas (str.split, about twice the csv module's speed); from the first line that is
    # not, the csv module reads the rest.
    base = 1  # the lines before the first one read line by line (the header)
    if standard and text is not None:
        # Blocks of plain lines parsed column-wise; from a block that is not plain, the
        # rest of the file is read line by line below (where each message comes from).
        rest = yield from _baci_blocks(ctx, text, learn, (kind_q, kind_none), limit)
        if rest is None:
            return
        lines, base = rest
    fast = standard and lines is not None and plain[0]
    rows = map(str.split, lines, repeat(",")) if fast else csv.reader(lines)
    if not fast:
        reader = rows  # line ``base + reader.line_num`` of the file
    line = base
    try:
        while True:
            for line, r in zip(count(base + 1), rows):
                if fast and not plain[0]:
                    pending = ",".join(r)  # the line as read, for the csv module
                    break
                if not fast:
                    line = base + reader.line_num
                try:
                    if standard:
                        t, i, j, k, v, q = r  # a row of another width raises ValueError
                    else:
                        if len(r) != width:
                            raise ValueError
                        t, i, j, k, v, q = r[ct], r[ci], r[cj], r[ck], r[cv], r[cq]
                    if j != last_j or i != last_i or t != last_t:
                        try:  # the codes seen before: the fast path
                            year, rep, par = years[t], exporters[i], importers[j]
                        except KeyError:
                            year, rep, par, _key = learn(t, i, j, k, line)
                        done = yielded + BATCH - left
                        if done > run_start:
                            if done - run_start - run_na:
                                groups[(run_rep, kind_q, run_year)] += done - run_start - run_na
                            if run_na:
                                groups[(run_rep, kind_none, run_year)] += run_na
                            partners.add(run_par)
                        run_start, run_na, run_rep, run_par, run_year = done, 0, rep, par, year
                        last_t, last_i, last_j = t, i, j
                    try:
                        key = hs[k]
                    except KeyError:
                        key = learn(t, i, j, k, line)[3]
                    if not plain[0] and (not v.isascii() or "_" in v):
                        raise ValueError
                    value = float(v)
                    if not 0 <= value <= limit:  # NaN fails both comparisons
                        raise ImportFormatError(
                            _(
                                "line {line}: v {text} is not a trade value (thousand US$, finite, "
                                "not negative, at most 1e12)"
                            ).format(line=line, text=_cell(v))
                        )
                    x = value * 1000.0
                    n = round(x)
                    if -1e-6 < x - n < 1e-6:
                        x = n  # thousand US$ with three decimals: whole dollars, no float residue
                    qs = q.strip()
                    if qs in no_qty:
                        append((rep, par, key, year, kind_none, x, None))
                        run_na += 1
                    else:
                        if not plain[0] and (not qs.isascii() or "_" in qs):
                            raise ValueError
                        qty = float(qs)
                        if not 0 <= qty < 1e18:
                            raise ImportFormatError(
                                _(
                                    "line {line}: q {text} is not a quantity (finite, not negative)"
                                ).format(line=line, text=_cell(q.rstrip("\r\n")))
                            )
                        append((rep, par, key, year, kind_q, x, qty))
                    left -= 1
                    if not left:
                        yield out
                        out = []
                        append = out.append
                        left = BATCH
                        yielded += BATCH
                except ImportFormatError as exc:
                    ctx.error(exc)
                except ValueError:
                    if len(r) != width:
                        if any(c.strip() for c in r):
                            ctx.error(ImportFormatError(_fields(line, len(r), width)))
                        continue
                    bad = "v" if not _is_number(r[cv]) else "q"
                    ctx.error(
                        ImportFormatError(
                            _not_a_number(line, bad, r[cv if bad == "v" else cq].rstrip("\r\n"))
                        )
                    )
            else:
                break
            fast = False  # the rest through the csv module, from the line at hand
            base = line - 1
            reader = rows = csv.reader(itertools.chain((pending,), lines))
    except BaseException:
        # for a message on an unexpected fault (the csv module's own error is raised
        # when the next line is fetched: its line_num is ahead of ``line``)
        ctx.line = line if fast else max(line, base + reader.line_num)
        raise
    done = yielded + BATCH - left
    if done > run_start:
        if done - run_start - run_na:
            groups[(run_rep, kind_q, run_year)] += done - run_start - run_na
        if run_na:
            groups[(run_rep, kind_none, run_year)] += run_na
        partners.add(run_par)
    if out:
        yield out


BLOCK_CHARS = 1 << 20  # about 22,000 BACI lines a block


def _baci_blocks(ctx: _Ctx, text, learn, kinds: tuple[int, int], limit: float):
    """BACI's lines a block at a time (see :mod:`minref.userdata.baci_block`): yields each
    block's rows; returns None at the end of the file, or, at the first block that is not
    plain lines, that block and the rest of the file as lines with the number of lines
    before them, for the line-by-line reader."""
    known: tuple[dict[int, int], ...] = ({}, {}, {})  # year, exporter, importer -> code
    products: set[int] = set()
    groups, partners = ctx.groups, ctx.partners
    before = 1  # lines before the block: the header
    while True:
        chunk = text.read(BLOCK_CHARS)
        if not chunk:
            return None
        if not chunk.endswith("\n"):
            chunk += text.readline(MAX_LINE)
        ctx.line = before + 1
        got = _baci_block_rows(chunk, before, learn, known, products, kinds, limit)
        if got is None:
            return itertools.chain(io.StringIO(chunk, newline=""), text), before
        lines, out = got
        rep, par, _key, year, kind = out.codes
        # rows per (exporter, kind, year), and the importers met
        pack = (rep << 32) | (kind << 12) | (year - FIRST_YEAR)
        for p, n in zip(*(a.tolist() for a in np.unique(pack, return_counts=True)), strict=True):
            groups[(p >> 32, (p >> 12) & 0xFFFFF, (p & 0xFFF) + FIRST_YEAR)] += n
        partners.update(np.unique(par).tolist())
        before += lines
        yield out


def _baci_block_rows(chunk: str, before: int, learn, known, products, kinds, limit):
    """(lines, rows) of one block, its rows in the short form; None if it is not plain."""
    try:
        data = chunk.encode("ascii")
    except UnicodeEncodeError:
        return None
    if not data.endswith(b"\n"):
        data += b"\n"  # the file's last line
    block = baci_block.parse(data)
    if block is None or (block.v > limit).any():
        return None

    def first_met(n: int) -> tuple[int, int, int, int]:
        return learn(*block.line_text(n).split(",")[:4], before + n + 1)

    try:
        coded = []
        for col, values, seen in zip(range(3), (block.t, block.i, block.j), known, strict=True):
            uniq, first, inverse = np.unique(values, return_index=True, return_inverse=True)
            ids = []
            for value, n in zip(uniq.tolist(), first.tolist(), strict=True):
                if value not in seen:
                    seen[value] = first_met(n)[col]
                ids.append(seen[value])
            coded.append(np.array(ids, np.int64)[inverse])
        uniq, first = np.unique(block.k, return_index=True)
        for value, n in zip(uniq.tolist(), first.tolist(), strict=True):
            if value not in products:
                first_met(n)
                products.add(value)
    except ImportFormatError:
        return None  # read line by line, where each line at fault is named
    year, rep, par = coded
    key = block.k * 10 + 6  # trade_store.hs_key of a six-digit code
    kind_q, kind_none = kinds
    kind = np.where(block.no_q, kind_none, kind_q)
    # thousand US$ with three decimals: whole dollars, no float residue (as line by line)
    x = block.v * 1000.0
    whole = np.rint(x)
    near = np.abs(x - whole) < 1e-6
    values = whole.astype(np.int64).tolist()
    for n in np.flatnonzero(~near).tolist():
        values[n] = float(x[n])
    qty = block.q.tolist()
    for n in np.flatnonzero(block.no_q).tolist():
        qty[n] = None
    return block.lines, _Columns((rep, par, key, year, kind), values, qty)


class _Columns:
    """A block's rows in the short form as columns, made into tuples (or staging's packed
    values) where they are used: for most rows that is the staging thread, so the
    reading thread neither builds them nor holds Python's lock to do it."""

    __slots__ = ("codes", "values", "qty")

    def __init__(self, codes: tuple[np.ndarray, ...], values: list, qty: list):
        self.codes = codes  # reporter, partner, hs_key, year, kind (numpy)
        self.values = values
        self.qty = qty

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[tuple]:
        return zip(*(c.tolist() for c in self.codes), self.values, self.qty, strict=True)

    def __getitem__(self, part: slice) -> list[tuple]:
        codes = (c[part].tolist() for c in self.codes)
        return list(zip(*codes, self.values[part], self.qty[part], strict=True))

    def packed(self) -> Iterator:
        """The values of :data:`trade_store.PACKED_COLUMNS`, row after row, flat."""
        rep, par, key, year, kind = self.codes
        code = trade_store.pack_codes(rep, par, key, year).tolist()
        rows = zip(code, kind.tolist(), self.values, self.qty, strict=True)
        return itertools.chain.from_iterable(rows)


def _is_number(text: str) -> bool:
    t = text.strip()
    if not t.isascii() or "_" in t:
        return False
    try:
        float(t)
        return True
    except ValueError:
        return False


def _census(header, lines, ctx: _Ctx) -> Iterator[tuple]:
    c_name = _col(header, "CTY_NAME", required=False)
    c_code = _col(header, "CTY_CODE", required=False)
    c_imp = _col(header, "I_COMMODITY", required=False)
    c_exp = _col(header, "E_COMMODITY", required=False)
    c_val = _col(
        header, "GEN_VAL_MO", "ALL_VAL_MO", "GEN_VAL_YR", "ALL_VAL_YR", "CON_VAL_MO", "CON_VAL_YR"
    )
    c_time = _col(header, "time", required=False)
    c_year = _col(header, "YEAR", required=False)
    c_month = _col(header, "MONTH", required=False)
    if c_time is None and c_year is None:
        raise ImportFormatError(_("line 1: no time or YEAR column"))
    val_name = header[c_val].upper()
    monthly = val_name.endswith("_MO")
    flow = "import" if c_imp is not None else "export"
    c_cmd = c_imp if c_imp is not None else c_exp
    basis = (
        "general imports, customs value"
        if val_name.startswith("GEN")
        else "imports for consumption"
        if val_name.startswith("CON")
        else "total value"
    )
    places = ctx.places
    for line, r in lines:
        try:
            if c_time is not None:
                m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2}))?", r[c_time].strip())
                if not m:
                    raise ImportFormatError(
                        _("line {line}: time {text} is not YYYY or YYYY-MM").format(
                            line=line, text=_cell(r[c_time])
                        )
                    )
                year = _year(m[1], line, "time")
                month = _month(m[2] or "", line, "time")
            else:
                year = _year(r[c_year], line)
                month = _month(r[c_month], line, "MONTH") if c_month is not None else 0
            name = _text(r[c_name], line) if c_name is not None else ""
            code = _text(r[c_code], line).strip() if c_code is not None else ""
            if name.upper().startswith("TOTAL") or code == "-":
                iso, kind = None, "world"
            elif "X" in code.upper() or code.startswith("0"):
                iso, kind = None, "group"  # Census aggregates: 0003 EU, 0020 USMCA, 1XXX ...
            else:
                iso, kind = places.by_name(name, line) if name else (None, "group")
            month = month if monthly else 0
            yield ctx.emit(
                "USA",
                "United States",
                iso,
                kind,
                name or code,
                flow,
                _hs(r[c_cmd], line),
                "HS (Census)",
                year,
                month,
                "month" if month else "annual",
                _value(r[c_val], line, val_name),
                basis,
            )
        except ImportFormatError as exc:
            ctx.error(exc)


def _json_rows(text, ctx: _Ctx) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """A Census API response (a JSON list of rows), one row at a time."""
    decoder = json.JSONDecoder(parse_constant=_no_constant)
    state = {"buf": "", "pos": 0, "line": 1, "eof": False}

    def more() -> bool:
        if state["eof"]:
            return False
        chunk = text.read(1 << 16)
        if not chunk:
            state["eof"] = True
            return False
        buf, pos = state["buf"], state["pos"]
        state["buf"], state["pos"] = buf[pos:] + chunk, 0
        return True

    def skip_space() -> str:
        while True:
            buf, pos = state["buf"], state["pos"]
            while pos < len(buf) and buf[pos] in " \t\r\n":
                if buf[pos] == "\n":
                    state["line"] += 1
                pos += 1
            state["pos"] = pos
            if pos < len(buf):
                return buf[pos]
            if not more():
                return ""

    def value():
        while True:
            buf, pos = state["buf"], state["pos"]
            try:
                obj, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError as exc:
                if len(buf) - pos > MAX_LINE or not more():
                    raise ImportFormatError(
                        _("line {line}: not valid JSON ({reason})").format(
                            line=state["line"] + buf.count(chr(10), pos, exc.pos), reason=exc.msg
                        )
                    ) from None
                continue
            except RecursionError:
                raise ImportFormatError(
                    _(
                        "line {line}: the JSON is nested too deeply; a Census API response is "
                        "a list of rows"
                    ).format(line=state["line"])
                ) from None
            except ImportFormatError as exc:
                first = _("line {line}:").format(line=1)
                here = _("line {line}:").format(line=state["line"])
                raise ImportFormatError(str(exc).replace(first, here, 1)) from None
            if end == len(buf) and not state["eof"] and more():
                continue  # a number may go on in the next chunk
            line = state["line"]
            state["line"] += buf.count("\n", pos, end)
            state["pos"] = end
            return line, obj

    if skip_space() != "[":
        raise ImportFormatError(_("line 1: a Census API response starts with '['"))
    state["pos"] += 1
    if skip_space() == "]":
        raise ImportFormatError(_("the file holds no data rows"))
    line, header = value()
    if not (isinstance(header, list) and all(isinstance(h, str) for h in header)):
        raise ImportFormatError(
            _("line 1: a Census API response is a list of rows, the first holding the column names")
        )
    header = [_text(h, line) for h in header]

    def rows() -> Iterator[tuple[int, list[str]]]:
        n = 1
        while True:
            c = skip_space()
            if c == "]":
                return
            if c != ",":
                raise ImportFormatError(
                    _("line {line}: not valid JSON (expected ',' or ']' after row {row})").format(
                        line=state["line"], row=n
                    )
                )
            state["pos"] += 1
            skip_space()
            line, row = value()
            n += 1
            ctx.line = line
            if not isinstance(row, list) or len(row) != len(header):
                ctx.error(
                    ImportFormatError(
                        ngettext(
                            "line {line}: row {row} does not have {values} value",
                            "line {line}: row {row} does not have {values} values",
                            len(header),
                        ).format(line=line, row=n - 1, values=len(header))
                    )
                )
                continue
            if any(isinstance(v, (list, dict)) for v in row):
                ctx.error(
                    ImportFormatError(
                        _("line {line}: row {row} holds a nested value").format(
                            line=line, row=n - 1
                        )
                    )
                )
                continue
            yield line, ["" if v is None else str(v) for v in row]

    return header, rows()


def _no_constant(name: str):
    raise ImportFormatError(_("line 1: {name} is not a trade value").format(name=name))


def _usitc(header, lines, ctx: _Ctx) -> Iterator[tuple]:
    c_type = _col(header, "Data Type")
    c_hts = _col(header, "HTS Number")
    c_country = _col(header, "Country")
    year_cols = [
        (i, _year(h.strip()[:4], 1, "column"))
        for i, h in enumerate(header)
        if re.fullmatch(r"[0-9]{4}(\s.*)?", h.strip())
    ]
    if not year_cols:
        raise ImportFormatError(_("line 1: no year columns (e.g. 2023, 2024)"))
    places = ctx.places
    for line, r in lines:
        try:
            dtype = r[c_type].strip().lower()
            if "value" in dtype:
                flow = "export" if ("fas" in dtype or "export" in dtype) else "import"
                basis = {"customs value": "customs value", "fas value": "FAS"}.get(
                    dtype, r[c_type].strip()
                )
            elif "quantity" in dtype:
                ctx.notes["quantity"] += 1
                continue  # quantities need their unit column; values carry the comparison
            else:
                raise ImportFormatError(
                    _("line {line}: Data Type {text} is neither a value nor a quantity").format(
                        line=line, text=_cell(r[c_type])
                    )
                )
            iso, kind = places.by_name(r[c_country], line)
            hs = _hs(r[c_hts], line)
            for i, year in year_cols:
                v = _num(r[i], line, header[i], limit=MAX_VALUE_USD)
                if v is None:
                    continue
                yield ctx.emit(
                    "USA",
                    "United States",
                    iso,
                    kind,
                    r[c_country].strip(),
                    flow,
                    hs,
                    "HTS",
                    year,
                    0,
                    "annual",
                    v,
                    basis,
                )
        except ImportFormatError as exc:
            ctx.error(exc)


# ---------------------------------------------------------------- passes over the file


class _Pushback:
    """A text stream with some characters read ahead put back in front."""

    def __init__(self, lead: str, text):
        self.lead, self.text = lead, text

    def read(self, n: int = -1) -> str:
        if self.lead:
            out, self.lead = self.lead, ""
            return out
        return self.text.read(n)


def _batches(
    source: _Source,
    ctx: _Ctx,
    encoding: str,
    stage: str,
    want_format: str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Iterator[list[tuple]]:
    """Every row of the file, encoded, in batches; sets ctx.format and ctx.digest."""
    started = time.perf_counter()
    done = rows = 0
    digest = hashlib.sha256()
    codes = None
    for member, guard in source.streams():
        reader = None
        text = io.TextIOWrapper(
            io.BufferedReader(guard, 1 << 20), encoding=encoding, errors="strict", newline=""
        )
        try:
            lead = ""
            while len(lead) < 64:
                c = text.read(1)
                if not c:
                    break
                lead += c
                if not c.isspace():
                    break
            lead = lead.lstrip()
            if not lead:
                raise ImportFormatError(_("line 1: the file is empty"))
            if lead == "[":
                header, lines = _json_rows(_Pushback(lead, text), ctx)
                fmt = detect(header)
                if fmt != "census":
                    raise ImportFormatError(
                        _(
                            "line 1: the JSON has no CTY_CODE/CTY_NAME and I_COMMODITY or "
                            "E_COMMODITY columns"
                        )
                    )
                gen = _census(header, lines, ctx)
            else:
                lines = _chain(lead + text.readline(MAX_LINE), text)
                reader = csv.reader(lines)
                try:
                    header = [h.strip().lstrip("\ufeff") for h in next(reader)]
                except StopIteration:
                    raise ImportFormatError(_("line 1: the file is empty")) from None
                fmt = detect(header)
                if fmt is None:
                    low = [h.lower() for h in header]
                    if "country_code" in low or low[:2] == ["code", "description"]:
                        raise ImportFormatError(
                            _(
                                "line 1: this is one of BACI's code lists; import the data file "
                                "(BACI_HS.._Y####_V######.csv) or the zip as downloaded (the "
                                "lists beside it are read with it)"
                            )
                        )
                    raise ImportFormatError(_(NOT_RECOGNISED))
                if fmt == "baci":
                    if codes is None:
                        codes = _baci_codes(ctx, source)
                    ctx.plain = guard.plain
                    gen = _baci(header, reader, ctx, codes, lines, text)
                elif fmt == "comtrade":
                    gen = _comtrade(header, reader, ctx)
                elif fmt == "census":
                    gen = _census(header, _lines(reader, len(header), ctx), ctx)
                else:
                    gen = _usitc(header, _lines(reader, len(header), ctx), ctx)
            if want_format is not None and fmt != want_format:
                raise ImportFormatError(
                    _("the file changed since the preview ({format}, was {previewed})").format(
                        format=fmt, previewed=want_format
                    )
                )
            if source.zip is not None and fmt != "baci":
                if fmt != "comtrade":
                    raise ImportFormatError(
                        _(
                            "{member}: only BACI files or one UN Comtrade CSV are read from a zip"
                        ).format(member=member)
                    )
                if len(source.members) > 1:
                    # a Comtrade download is one CSV; several are imported one by one, each
                    # with its own preview of what it adds
                    raise ImportFormatError(
                        _(
                            "the zip holds {count} CSV files ({names}); a UN Comtrade zip is "
                            "read when it holds one: unzip it and import the files one by one"
                        ).format(
                            count=len(source.members),
                            names=", ".join(m.rsplit("/", 1)[-1] for m in source.members),
                        )
                    )
            ctx.format = fmt
            ctx.columns = BACI_COLUMNS if fmt == "baci" else ROW_COLUMNS
            batches = gen if fmt == "baci" else _batched(gen)
            for batch in batches:
                rows += len(batch)
                if progress is not None:
                    progress(
                        Progress(
                            stage,
                            rows,
                            done + guard.read_bytes,
                            source.size,
                            time.perf_counter() - started,
                        )
                    )
                if cancel is not None and cancel():
                    raise ImportCancelled(_("cancelled; nothing was imported"))
                yield batch
        except (ImportFormatError, ImportCancelled, UnicodeDecodeError):
            raise
        except csv.Error as exc:
            raise ImportFormatError(
                _("line {line}: {reason}").format(
                    line=max(reader.line_num if reader else 1, ctx.line), reason=explain(exc)
                )
            ) from None
        except OSError as exc:
            raise ImportFormatError(_cannot_read(exc)) from None
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            msg = (
                _("{member} is damaged ({reason})")
                if member
                else _("the zip is damaged ({reason})")
            )
            raise ImportFormatError(msg.format(member=member, reason=explain(exc))) from None
        except (ValueError, IndexError, KeyError, OverflowError, RecursionError) as exc:
            line = max(reader.line_num if reader is not None else 0, ctx.line)
            logger.debug("unexpected fault reading line %s", line, exc_info=True)
            raise ImportFormatError(
                _("line {line}: cannot be read ({reason})").format(line=line, reason=exc)
            ) from None
        finally:
            text.detach()
        done += guard.read_bytes
        digest.update(guard.sha.digest())
    ctx.digest = digest.hexdigest()


def _full(batch: list[tuple], columns: tuple[str, ...], import_id: int) -> list[tuple]:
    """Rows of another form (BACI's short one) as all of trade_rows' columns."""
    if columns == ROW_COLUMNS:
        return batch
    col = columns.index
    r, p, h, y, k, v, q = (col(c) for c in BACI_COLUMNS)
    return [(import_id, t[r], t[p], t[h], t[y], 0, t[k], t[v], t[q], None) for t in batch]


def _batched(rows: Iterator[tuple]) -> Iterator[list[tuple]]:
    while batch := list(islice(rows, BATCH)):
        yield batch


def _chain(first: str, text) -> Iterator[str]:
    # itertools.chain, not a generator: C-speed per line, and closing it closes no stream
    return itertools.chain((first,), text)


def _scan(source: _Source, ctx: _Ctx, progress, cancel, staging=None) -> dict:
    """The preview's one pass: counts and codes, with the file's text encoding; the rows
    are written to ``staging`` when given (dropped, and None returned, if it fails)."""
    for encoding in ("utf-8-sig", "cp1252"):
        groups: Counter = Counter()
        partners: set[int] = set()
        hashes: list = []  # the keys' hashes, 8 bytes a row (a set would take 60)
        checked = 0
        duplicates: int | None = 0
        sample: list[tuple] = []
        by_group = by_key = by_partner = None
        try:
            for batch in _batches(source, ctx, encoding, "preview", None, progress, cancel):
                if by_group is None:  # the rows' form is known once the header is read
                    col = ctx.columns.index
                    by_group = itemgetter(col("reporter_id"), col("kind_id"), col("year"))
                    by_partner = itemgetter(col("partner_id"))
                    by_key = itemgetter(*(col(c) for c in KEY_COLUMNS if c in ctx.columns))
                if ctx.format != "baci":  # BACI's rows are counted as they are read
                    groups.update(map(by_group, batch))
                    partners.update(map(by_partner, batch))
                if duplicates is not None:
                    checked += len(batch)
                    if checked > DUPLICATE_CHECK_ROWS:
                        duplicates, hashes = None, []
                    else:
                        keys = map(hash, map(by_key, batch))
                        hashes.append(np.fromiter(keys, np.int64, len(batch)))
                if len(sample) < SAMPLE_ROWS:
                    sample.extend(_full(batch[: SAMPLE_ROWS - len(sample)], ctx.columns, 0))
                if staging is not None:
                    try:
                        staging.add(batch, ctx.columns)
                    except sqlite3.Error as exc:  # e.g. a full disk: the commit reads again
                        logger.info("staging %s dropped (%s)", staging.path, exc)
                        staging.discard()
                        staging = None
        except UnicodeDecodeError:
            if encoding == "cp1252":
                raise ImportFormatError(
                    _("the file is neither UTF-8 nor Windows-1252 text")
                ) from None
            ctx.errors, ctx.error_count, ctx.notes = [], 0, Counter()
            ctx.groups, ctx.partners = Counter(), set()
            ctx.coder.__init__(ctx.coder_conn)
            if staging is not None:
                staging.reset()
            by_group = by_key = by_partner = None
            continue
        if duplicates is not None and hashes:
            keys = np.concatenate(hashes)
            keys.sort()  # in place (np.unique would take several times the memory)
            duplicates = int(np.count_nonzero(keys[1:] == keys[:-1]))
        return {
            "staging": staging,
            "encoding": encoding,
            "groups": ctx.groups if ctx.format == "baci" else groups,
            "partners": ctx.partners if ctx.format == "baci" else partners,
            "duplicates": duplicates,
            "sample": sample,
        }
    raise AssertionError("unreachable")


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def preview_import(
    path: str | Path,
    catalog: Catalog,
    user=None,
    *,
    years: list[int] | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportPreview:
    """Read a file once and say what an import would add; nothing is written.

    Raises ImportFormatError naming the first lines at fault (up to five, with the count).
    """
    started = time.perf_counter()
    path = Path(path)
    source = _Source(path, years)
    conn = getattr(user, "conn", None)
    try:
        preview = _preview(path, source, catalog, user, conn, years, progress, cancel, started)
    finally:
        source.close()
    return preview


def _file_key(path: Path) -> tuple:
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ino


def _open_staging(user):
    """A staging file beside the user's data file, or None where none can be written."""
    from minref.userdata.trade_store import Staging

    beside = getattr(user, "path", None)
    if beside is None:
        return None
    try:
        return Staging(Path(beside))
    except (sqlite3.Error, OSError) as exc:
        logger.info("no staging file beside %s (%s); the commit reads again", beside, exc)
        return None


def _preview(path, source, catalog, user, conn, years, progress, cancel, started):
    from minref.userdata.trade_store import Coder

    file_key = _file_key(path)
    staging = _open_staging(user) if user is not None else None
    try:
        coder = user.coder() if user is not None else Coder()
        ctx = _Ctx(catalog, coder, 0, preview=True)
        ctx.coder_conn = conn
        scan = _scan(source, ctx, progress, cancel, staging)
        staging = scan["staging"]
        preview = _previewed(path, source, catalog, user, years, started, coder, ctx, scan)
        if staging is not None:
            try:
                staging.finish()
            except sqlite3.Error as exc:  # e.g. a full disk: the commit reads the file again
                logger.info("staging %s dropped (%s)", staging.path, exc)
                staging.discard()
                staging = None
    except BaseException:
        if staging is not None:
            staging.discard()
        raise
    if staging is not None:
        from minref.userdata.trade_store import remove_staging

        preview._staging = staging
        preview._coder = coder
        preview._groups = scan["groups"]
        preview._file_key = file_key
        preview._size = source.size
        preview._cleanup = weakref.finalize(preview, remove_staging, staging.path)
    return preview


def _previewed(path, source, catalog, user, years, started, coder, ctx, scan) -> ImportPreview:
    if ctx.error_count:
        more = ctx.error_count - len(ctx.errors)
        errors = list(ctx.errors)
        if more > 0:
            errors.append(
                ngettext(
                    "{count} line in all is at fault",
                    "{count} lines in all are at fault",
                    ctx.error_count,
                ).format(count=format_decimal(ctx.error_count))
            )
        raise ImportFormatError("; ".join(errors))
    groups: Counter = scan["groups"]
    rows = sum(groups.values())
    if not rows:
        raise ImportFormatError(_("the file holds no data rows"))
    fmt = ctx.format
    org, dataset, licence, attribution = FORMATS[fmt]
    sha = ctx.digest if source.zip is None else _file_sha256(path)
    meta = {
        "label": path.stem,
        "file_name": path.name,
        "file_format": fmt,
        "sha256": sha,
        "organisation": org,
        "dataset": dataset,
        "licence": licence,
        "attribution": attribution,
    }

    def place_name(pid: int) -> str:
        iso3, label, _kind = coder.place_of(pid)
        return iso3 or label

    preview = ImportPreview(
        path=str(path),
        file_name=path.name,
        file_format=fmt,
        sha256=sha,
        meta=meta,
        encoding=scan["encoding"],
        members=[m.rsplit("/", 1)[-1] for m in source.members],
        rows_read=rows,
        years=sorted({y for _r, _k, y in groups}),
        reporters=sorted({place_name(r) for r, _k, _y in groups}),
        partners=sorted({place_name(p) for p in scan["partners"]}),
        sample=[_as_dict(coder, t) for t in scan["sample"]],
        duplicates=scan["duplicates"],
        code_lists=dict(ctx.code_lists),
    )
    preview._catalog = catalog
    preview._digest = ctx.digest
    preview._years = years
    w = preview.warnings
    if preview.duplicates:
        w.append(
            ngettext(
                "{count} row repeats the reporter, partner, HS code, period and flow of an "
                "earlier line of this file; the first is kept, the repeats are skipped.",
                "{count} rows repeat the reporter, partner, HS code, period and flow of an "
                "earlier line of this file; the first is kept, the repeats are skipped.",
                preview.duplicates,
            ).format(count=format_decimal(preview.duplicates))
        )
    elif preview.duplicates is None:
        w.append(
            _(
                "Repeated rows were checked for the first {count} rows only; the import keeps "
                "the first of any repeat and says how many it skipped."
            ).format(count=format_decimal(DUPLICATE_CHECK_ROWS))
        )
    notes = ctx.notes
    if notes["breakdown"]:
        w.append(
            ngettext(
                "{count} breakdown row (by mode of transport, customs procedure or second "
                "partner) is left out; its total is kept.",
                "{count} breakdown rows (by mode of transport, customs procedure or second "
                "partner) are left out; their totals are kept.",
                notes["breakdown"],
            ).format(count=format_decimal(notes["breakdown"]))
        )
    if notes["total"]:
        w.append(
            ngettext(
                "{count} all-commodity (TOTAL) row is left out.",
                "{count} all-commodity (TOTAL) rows are left out.",
                notes["total"],
            ).format(count=format_decimal(notes["total"]))
        )
    if notes["quantity"]:
        w.append(
            ngettext(
                "{count} quantity line is left out (values only).",
                "{count} quantity lines are left out (values only).",
                notes["quantity"],
            ).format(count=format_decimal(notes["quantity"]))
        )
    if notes["unlisted product"]:
        w.append(
            ngettext(
                "{count} HS code is not in {file}.",
                "{count} HS codes are not in {file}.",
                notes["unlisted product"],
            ).format(
                count=format_decimal(notes["unlisted product"]), file=ctx.code_lists.get("product")
            )
        )
    if fmt == "baci" and "country" not in ctx.code_lists:
        w.append(
            _(
                "No BACI country_codes file beside the data: exporter and importer codes are "
                "read as UN M49 codes (give the zip as downloaded, or keep the lists beside the "
                "file)."
            )
        )
    if user is not None:
        _compare_with_held(preview, groups, coder, user)
    preview.seconds = time.perf_counter() - started
    logger.info("preview of %s: %d rows in %.1f s", path, rows, preview.seconds)
    return preview


def _reporter_identity(coder, place_id: int) -> tuple[str, str]:
    """What a reporter is, whatever the file calls it: its ISO3 code ("México" and "Mexico"
    are both MEX); its name only where the file gave no code minref knows."""
    iso3, label, _kind = coder.place_of(place_id)
    return (iso3, "") if iso3 else ("", label.casefold())


def _compare_with_held(preview: ImportPreview, groups: Counter, coder, user) -> None:
    # Held and new groups are matched by the reporter's code, not its place number: a
    # place is a code *and* a name, so a file spelling the name another way has new ones.
    held: dict[tuple, list[int]] = {}
    for (rep, flow, year), imports in user.held_groups().items():
        found = held.setdefault((_reporter_identity(coder, rep), flow, year), [])
        found.extend(i for i in imports if i not in found)
    records = {i.import_id: i for i in user.imports()}
    new = overlap = 0
    overlapping: set[int] = set()
    for (rep, kind, year), n in groups.items():
        imports = held.get((_reporter_identity(coder, rep), coder.kind_of(kind)[0], year))
        if imports:
            overlap += n
            overlapping.update(imports)
        else:
            new += n
    preview.new_rows = new
    same = [i for i in records.values() if i.sha256 and i.sha256 == preview.sha256]
    if same:
        preview.warnings.append(
            _("This file was already imported as import {number} ({date}).").format(
                number=same[0].import_id, date=_date(same[0].imported_at)
            )
        )
    if overlap:
        names = ", ".join(
            f"{i} ({records[i].file_name})" for i in sorted(overlapping) if i in records
        )
        preview.warnings.append(
            ngettext(
                "{count} row is for reporters, flows and years already in your data from "
                "import {imports}; it will be held twice, each with its own source, unless you "
                "remove that import ('minref import --remove ID', or Remove import… on the "
                "Trade desk).",
                "{count} rows are for reporters, flows and years already in your data from "
                "import {imports}; they will be held twice, each with its own source, unless "
                "you remove that import ('minref import --remove ID', or Remove import… on the "
                "Trade desk).",
                overlap,
            ).format(count=format_decimal(overlap), imports=names)
        )


def _date(stamp: str) -> str:
    """An ISO time stamp's date, written for the language ("2026-12-01" if it is not one)."""
    from minref.i18n import format_date

    try:
        return format_date(datetime.date.fromisoformat(stamp[:10]))
    except (ValueError, TypeError):
        return stamp[:10]


def _as_dict(coder, t: tuple) -> dict:
    from minref.userdata.trade_store import hs_code

    r_iso3, r_label, _kind = coder.place_of(t[1])
    p_iso3, p_label, p_kind = coder.place_of(t[2])
    flow, period, basis, classification, unit, flags = coder.kind_of(t[6])
    code = hs_code(t[3])
    return {
        "reporter_iso3": r_iso3,
        "reporter_label": r_label,
        "partner_iso3": p_iso3,
        "partner_kind": p_kind,
        "partner_label": p_label,
        "flow": flow,
        "hs_code": code,
        "hs_level": len(code),
        "classification": classification,
        "year": t[4],
        "month": t[5],
        "period": period,
        "value_usd": t[7],
        "value_basis": basis,
        "quantity": t[8],
        "quantity_unit": unit,
        "net_weight_kg": t[9],
        "flags": flags,
    }


def read_file(path: str | Path, catalog: Catalog, **kw) -> ImportPreview:
    """Read and check a whole file without a user data file (see :func:`preview_import`)."""
    return preview_import(path, catalog, None, **kw)


def commit_import(
    preview: ImportPreview,
    user,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
):
    """Stream a previewed file into the user's data file in one transaction.

    A cancel, a fault, or a file changed since the preview leaves nothing written.  Rows
    the preview staged are copied from its staging file; otherwise the file is read again.
    """
    staging = getattr(preview, "_staging", None)
    if staging is not None and staging.path.exists() and getattr(user, "conn", None) is not None:
        return _commit_staged(preview, user, staging, progress, cancel)
    source = _Source(Path(preview.path), preview._years)

    def produce(import_id: int, coder):
        ctx = _Ctx(preview._catalog, coder, import_id, preview=False)
        try:
            for batch in _batches(
                source, ctx, preview.encoding, "import", preview.file_format, progress, cancel
            ):
                yield _full(batch, ctx.columns, import_id)
        except UnicodeDecodeError:
            raise ImportFormatError(
                _("the file changed since the preview (its text encoding); nothing was imported")
            ) from None
        if ctx.digest != preview._digest:
            raise ImportFormatError(_CHANGED())

    try:
        record, skipped = user.write_import(preview.meta, produce)
    finally:
        source.close()
    preview.skipped = skipped
    return record


STAGED_SCHEMA = "minref_staged"


def _CHANGED() -> str:  # noqa: N802 (a message, as a constant would be)
    return _("the file changed since the preview; nothing was imported")


def _commit_staged(preview: ImportPreview, user, staging, progress, cancel):
    """Copy the rows the preview staged into the user's file (one transaction)."""
    from minref.userdata.store import UserDataError
    from minref.userdata.trade_store import StagedRows

    try:
        changed = _file_key(Path(preview.path)) != preview._file_key
    except OSError:
        changed = True
    if changed:
        raise ImportFormatError(_CHANGED())
    started = time.perf_counter()
    size = preview._size

    def step(done: int, total: int) -> None:
        if progress is not None:
            part = done / total if total else 1.0
            elapsed = time.perf_counter() - started
            progress(Progress("import", done, int(size * part), size, elapsed))
        if cancel is not None and cancel():
            raise ImportCancelled(_("cancelled; nothing was imported"))

    def produce(import_id: int, coder) -> StagedRows:
        seen = preview._coder  # the preview's codes, as the user file now numbers them
        places = {pid: coder.place(*key) for key, pid in seen.places.items()}
        kinds = {kid: coder.kind(*key) for key, kid in seen.kinds.items()}
        coder.hs_labels.update(seen.hs_labels)
        return StagedRows(
            STAGED_SCHEMA,
            staging.columns,
            import_id,
            staging.rows,
            preview._groups,
            places,
            kinds,
            step,
        )

    conn = user.conn
    try:
        conn.execute(f"ATTACH DATABASE ? AS {STAGED_SCHEMA}", (str(staging.path),))
    except sqlite3.Error as exc:
        raise UserDataError(
            _(
                "The rows read by the preview cannot be opened ({reason}); nothing was written. "
                "Preview the file again."
            ).format(reason=explain(exc))
        ) from None
    try:
        record, skipped = user.write_import(preview.meta, produce)
    finally:
        try:
            conn.execute(f"DETACH DATABASE {STAGED_SCHEMA}")
        except sqlite3.Error:
            logger.debug("detach of %s failed", staging.path, exc_info=True)
    preview._staging = None
    preview._cleanup()
    preview.skipped = skipped
    return record
