"""Read trade files officials download when online: a UN Comtrade CSV export, a CEPII BACI
CSV, a U.S. Census international trade API response (JSON or CSV) and a USITC DataWeb
export.  Reading makes a preview; nothing is written until the preview is committed.
A malformed file gets a message naming the line and the problem."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from minref.catalog.queries import Catalog, UnknownName

MAX_BYTES = 2 * 1024**3


class ImportFormatError(Exception):
    """The file is not one minref can read, or a line of it is malformed."""


@dataclass
class ImportPreview:
    file_name: str
    file_format: str
    sha256: str
    rows: list[dict]
    meta: dict
    warnings: list[str] = field(default_factory=list)
    new_rows: int | None = None

    @property
    def years(self) -> list[int]:
        return sorted({r["year"] for r in self.rows})

    @property
    def reporters(self) -> list[str]:
        return sorted({r["reporter_iso3"] or r["reporter_label"] for r in self.rows})

    @property
    def partners(self) -> list[str]:
        return sorted({r["partner_iso3"] or r["partner_label"] for r in self.rows})

    def summary(self) -> str:
        years = self.years
        span = f"{years[0]}–{years[-1]}" if years else "none"
        new = f", {self.new_rows} new" if self.new_rows is not None else ""
        return (
            f"{self.file_format}: {len(self.rows)} rows{new}; years {span}; "
            f"{len(self.reporters)} reporters ({', '.join(self.reporters[:5])}); "
            f"{len(self.partners)} partners"
        )


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


def _row(**kw) -> dict:
    base = {
        "reporter_iso3": None,
        "reporter_label": "",
        "partner_iso3": None,
        "partner_kind": "country",
        "partner_label": "",
        "flow": "",
        "hs_code": "",
        "hs_level": None,
        "classification": "",
        "year": None,
        "month": 0,
        "period": "annual",
        "value_usd": None,
        "value_basis": "",
        "quantity": None,
        "quantity_unit": "",
        "net_weight_kg": None,
        "flags": "",
    }
    base.update(kw)
    base["hs_level"] = len(base["hs_code"])
    return base


MAX_VALUE_USD = 1e15  # no trade flow comes near a thousand trillion US$
FIRST_YEAR = 1962  # UN Comtrade's first year


def _last_year() -> int:
    import datetime

    return datetime.date.today().year + 1


def _num(
    text: str, line: int, column: str, required: bool = False, limit: float | None = None
) -> float | None:
    """A finite, non-negative number in plain ASCII digits (thousands commas allowed)."""
    t = (text or "").strip().replace(",", "")
    if t == "":
        if required:
            raise ImportFormatError(f"line {line}: {column} is empty")
        return None
    if not t.isascii():
        raise ImportFormatError(f"line {line}: {column} is not a number: {text!r}")
    try:
        v = float(t)
    except ValueError:
        raise ImportFormatError(f"line {line}: {column} is not a number: {text!r}") from None
    if v != v or v in (float("inf"), float("-inf")):
        raise ImportFormatError(f"line {line}: {column} is not a finite number: {text!r}")
    if v < 0:
        raise ImportFormatError(f"line {line}: {column} is negative: {text!r}")
    if limit is not None and v > limit:
        raise ImportFormatError(
            f"line {line}: {column} {text!r} is beyond US$ {limit:,.0f}; not a trade value"
        )
    return v


def _value(text: str, line: int, column: str) -> float:
    return _num(text, line, column, required=True, limit=MAX_VALUE_USD)


def _year(text: str, line: int, column: str = "year", with_month: bool = False) -> int:
    """A four-digit year in 1962..next year; ``with_month`` also takes YYYYMM (year kept)."""
    t = (text or "").strip()
    m = re.fullmatch(r"([0-9]{4})([0-9]{2})?" if with_month else r"([0-9]{4})", t)
    if not m:
        raise ImportFormatError(f"line {line}: {column} is not a year: {text!r}")
    year = int(m[1])
    if not FIRST_YEAR <= year <= _last_year():
        raise ImportFormatError(
            f"line {line}: {column} {text!r} is outside {FIRST_YEAR}–{_last_year()}"
        )
    if m.lastindex == 2 and not 1 <= int(m[2]) <= 12:
        raise ImportFormatError(f"line {line}: {column} {text!r} has no month 01–12")
    return year


def _month(text: str, line: int, column: str, annual_codes: tuple[str, ...] = ()) -> int:
    """A month 1..12, or 0 for an annual record (empty, or one of ``annual_codes``)."""
    t = (text or "").strip()
    if t == "" or t in annual_codes:
        return 0
    if not re.fullmatch(r"[0-9]{1,2}", t) or not 1 <= int(t) <= 12:
        raise ImportFormatError(f"line {line}: {column} {text!r} is not a month 1–12")
    return int(t)


def _hs(text: str, line: int) -> str:
    code = (text or "").strip().replace(".", "")
    if not re.fullmatch(r"[0-9]{2,10}", code):
        raise ImportFormatError(f"line {line}: HS code {text!r} is not 2 to 10 digits")
    return code[:6] if len(code) > 6 else code


def _text(value: str, line: int) -> str:
    """Text that can be stored (a lone surrogate from a JSON escape cannot)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ImportFormatError(
            f"line {line}: {value.encode('utf-8', 'backslashreplace').decode()!r} holds an "
            "invalid character (a lone UTF-16 surrogate)"
        ) from None
    return value


class _Places:
    """Country codes and names to ISO3, through the catalog's country table and aliases."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.m49 = catalog.m49_to_iso3()
        self.cache: dict[str, str | None] = {}

    def by_code(self, code: str, line: int) -> tuple[str | None, str]:
        code = (code or "").strip()
        if code in ("0", "000"):
            return None, "world"
        try:
            n = int(code)
        except ValueError:
            raise ImportFormatError(f"line {line}: country code {code!r} is not a number") from None
        if n == 842 or n == 840:
            return "USA", "country"
        iso3 = self.m49.get(n)
        return (iso3, "country") if iso3 else (None, "group")

    def by_name(self, name: str, line: int) -> tuple[str | None, str]:
        key = name.strip()
        if key.upper() in ("WORLD", "TOTAL FOR ALL COUNTRIES", "ALL COUNTRIES", "TOTAL"):
            return None, "world"
        if key not in self.cache:
            try:
                self.cache[key] = self.catalog.resolve_country(key)
            except UnknownName as exc:
                hint = f" (did you mean {exc.suggestions[0]}?)" if exc.suggestions else ""
                raise ImportFormatError(f"line {line}: unknown country {name!r}{hint}") from None
        return self.cache[key], "country"


def _csv_rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFormatError("line 1: the file is empty") from None
    except csv.Error as exc:
        raise ImportFormatError(f"line 1: not a CSV file ({exc})") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    rows = []
    try:
        for row in reader:
            if any(c.strip() for c in row):
                if len(row) != len(header):
                    raise ImportFormatError(
                        f"line {reader.line_num}: {len(row)} fields, the header has {len(header)}"
                    )
                rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ImportFormatError(f"line {reader.line_num}: {exc}") from None
    return header, rows


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


def read_file(path: str | Path, catalog: Catalog) -> ImportPreview:
    """Read and check a whole file; raises ImportFormatError naming the line at fault."""
    path = Path(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise ImportFormatError("it is not a regular file (a folder, device or pipe)")
        if st.st_size > MAX_BYTES:
            raise ImportFormatError(f"the file is {st.st_size / 1e9:.1f} GB; the limit is 2 GB")
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)  # the limit holds even if the file grows
        if len(data) > MAX_BYTES:
            raise ImportFormatError("the file is larger than the 2 GB limit")
    except OSError as exc:
        raise ImportFormatError(f"the file cannot be read: {exc.strerror or exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict") if _is_cp1252(data) else None
        if text is None:
            raise ImportFormatError(
                "line 1: the file is neither UTF-8 nor Windows-1252 text"
            ) from None
    places = _Places(catalog)
    stripped = text.lstrip()
    if stripped.startswith("["):
        fmt, rows = "census", _census_json(stripped, places)
    else:
        header, lines = _csv_rows(text)
        fmt = detect(header)
        if fmt is None:
            raise ImportFormatError(
                "line 1: not a recognised format. Expected a UN Comtrade CSV export (refYear, "
                "cmdCode, primaryValue…), a CEPII BACI CSV (t,i,j,k,v,q), a U.S. Census API "
                "response (CTY_CODE, I_COMMODITY…) or a USITC DataWeb export (Data Type, HTS "
                "Number, Country…)."
            )
        reader = {"comtrade": _comtrade, "baci": _baci, "census": _census_csv, "usitc": _usitc}[fmt]
        rows = reader(header, lines, places)
    if not rows:
        raise ImportFormatError("the file holds no data rows")
    org, dataset, licence, attribution = FORMATS[fmt]
    meta = {
        "label": path.stem,
        "file_name": path.name,
        "file_format": fmt,
        "sha256": digest,
        "organisation": org,
        "dataset": dataset,
        "licence": licence,
        "attribution": attribution,
    }
    preview = ImportPreview(path.name, fmt, digest, rows, meta)
    keys = [
        (
            r["reporter_iso3"],
            r["partner_label"],
            r["flow"],
            r["hs_code"],
            r["year"],
            r["month"],
            r["period"],
        )
        for r in rows
    ]
    dupes = len(keys) - len(set(keys))
    if dupes:
        preview.warnings.append(
            f"{dupes} rows repeat a reporter, partner, flow, HS code and "
            "period already in the file; all are kept as given."
        )
    return preview


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _col(header: list[str], *names: str, required: bool = True) -> int | None:
    low = [h.lower() for h in header]
    for n in names:
        if n.lower() in low:
            return low.index(n.lower())
    if required:
        raise ImportFormatError(f"line 1: no column {names[0]!r}")
    return None


def _comtrade(header, lines, places: _Places) -> list[dict]:
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
    out = []
    for line, r in lines:
        flow = FLOWS.get(r[c_flow].strip().upper())
        if flow is None:
            raise ImportFormatError(f"line {line}: flowCode {r[c_flow]!r} is not X, M, RX or RM")
        rep_iso, _ = places.by_code(r[c_rep], line)
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
        code = r[c_cmd].strip()
        if code.upper() == "TOTAL":
            continue
        unit = r[c_unit].strip() if c_unit is not None else ""
        qty = _num(r[c_qty], line, "qty") if c_qty is not None else None
        out.append(
            _row(
                reporter_iso3=rep_iso,
                reporter_label=r[c_rep_name] if c_rep_name is not None else rep_iso or "",
                partner_iso3=par_iso,
                partner_kind=kind,
                partner_label=(r[c_par_name] if c_par_name is not None else par_iso or r[c_par]),
                flow=flow,
                hs_code=_hs(code, line),
                classification=r[c_cls] if c_cls is not None else "",
                year=_year(r[c_year], line, header[c_year], header[c_year] == "period"),
                month=month if month else 0,
                period="month" if month else "annual",
                value_usd=_value(r[c_val], line, "primaryValue"),
                value_basis="FOB" if flow in ("export", "re_export") else "CIF",
                quantity=qty if unit and unit.upper() not in ("N/A", "NA", "-1") else None,
                quantity_unit=unit if qty is not None else "",
                net_weight_kg=_num(r[c_wgt], line, "netWgt") if c_wgt is not None else None,
            )
        )
    return out


def _baci(header, lines, places: _Places) -> list[dict]:
    ct, ci, cj, ck, cv, cq = (_col(header, n) for n in ("t", "i", "j", "k", "v", "q"))
    out = []
    for line, r in lines:
        exp, _ = places.by_code(r[ci], line)
        imp, kind = places.by_code(r[cj], line)
        q = r[cq].strip()
        value = _num(r[cv], line, "v", required=True, limit=MAX_VALUE_USD / 1000)
        out.append(
            _row(
                reporter_iso3=exp,
                reporter_label=exp or r[ci],
                partner_iso3=imp,
                partner_kind=kind,
                partner_label=imp or r[cj],
                flow="export",
                hs_code=_hs(r[ck].zfill(6), line),
                classification="HS (BACI)",
                year=_year(r[ct], line, "t"),
                value_usd=value * 1000.0,
                value_basis="FOB (BACI reconciled; thousand US$ × 1,000)",
                quantity=None if q in ("", "NA", "na") else _num(q, line, "q"),
                quantity_unit="metric tons" if q not in ("", "NA", "na") else "",
            )
        )
    return out


def _census_common(header, lines, places: _Places) -> list[dict]:
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
    val_name = header[c_val].upper()
    monthly = val_name.endswith("_MO")
    flow = "import" if c_imp is not None else "export"
    c_cmd = c_imp if c_imp is not None else c_exp
    out = []
    for line, r in lines:
        if c_time is not None:
            m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2}))?", r[c_time].strip())
            if not m:
                raise ImportFormatError(f"line {line}: time {r[c_time]!r} is not YYYY or YYYY-MM")
            year = _year(m[1], line, "time")
            month = _month(m[2] or "", line, "time")
        elif c_year is not None:
            year = _year(r[c_year], line)
            month = _month(r[c_month], line, "MONTH") if c_month is not None else 0
        else:
            raise ImportFormatError("line 1: no time or YEAR column")
        name = r[c_name] if c_name is not None else ""
        code = r[c_code].strip() if c_code is not None else ""
        if name.upper().startswith("TOTAL") or code == "-":
            iso, kind = None, "world"
        elif "X" in code.upper() or code.startswith("0"):
            iso, kind = None, "group"  # Census aggregates: 0003 EU, 0020 USMCA, 1XXX ...
        else:
            iso, kind = places.by_name(name, line) if name else (None, "group")
        out.append(
            _row(
                reporter_iso3="USA",
                reporter_label="United States",
                partner_iso3=iso,
                partner_kind=kind,
                partner_label=name or code,
                flow=flow,
                hs_code=_hs(r[c_cmd], line),
                classification="HS (Census)",
                year=year,
                month=month if monthly else 0,
                period="month" if monthly and month else "annual",
                value_usd=_value(r[c_val], line, val_name),
                value_basis="general imports, customs value"
                if val_name.startswith("GEN")
                else "imports for consumption"
                if val_name.startswith("CON")
                else "total value",
            )
        )
    return out


def _census_csv(header, lines, places) -> list[dict]:
    return _census_common(header, lines, places)


def _census_json(text: str, places: _Places) -> list[dict]:
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise ImportFormatError(
            "line 1: the JSON is nested too deeply; a Census API response is a list of rows"
        ) from None
    if not (isinstance(data, list) and data and isinstance(data[0], list)):
        raise ImportFormatError(
            "line 1: a Census API response is a list of rows, the first holding the column names"
        )
    header = [str(h) for h in data[0]]
    if detect(header) != "census":
        raise ImportFormatError(
            "line 1: the JSON has no CTY_CODE/CTY_NAME and I_COMMODITY or E_COMMODITY columns"
        )
    lines = []
    for i, row in enumerate(data[1:], start=2):
        if not isinstance(row, list) or len(row) != len(header):
            raise ImportFormatError(f"line {i}: row {i - 1} does not have {len(header)} values")
        if any(isinstance(v, (list, dict)) for v in row):
            raise ImportFormatError(f"line {i}: row {i - 1} holds a nested value")
        lines.append((i, [_text("" if v is None else str(v), i) for v in row]))
    return _census_common(header, lines, places)


def _no_constant(name: str):
    raise ImportFormatError(f"line 1: {name} is not a trade value")


def _usitc(header, lines, places: _Places) -> list[dict]:
    c_type = _col(header, "Data Type")
    c_hts = _col(header, "HTS Number")
    c_country = _col(header, "Country")
    year_cols = [
        (i, _year(h[:4], 1, "column"))
        for i, h in enumerate(header)
        if re.fullmatch(r"[0-9]{4}(\s.*)?", h.strip())
    ]
    if not year_cols:
        raise ImportFormatError("line 1: no year columns (e.g. 2023, 2024)")
    out = []
    for line, r in lines:
        dtype = r[c_type].strip().lower()
        if "value" in dtype:
            flow = "export" if ("fas" in dtype or "export" in dtype) else "import"
            basis = "FAS" if flow == "export" else "customs value"
        elif "quantity" in dtype:
            continue  # quantities need their unit column; values carry the comparison
        else:
            raise ImportFormatError(
                f"line {line}: Data Type {r[c_type]!r} is neither a value nor a quantity"
            )
        iso, kind = places.by_name(r[c_country], line)
        for i, year in year_cols:
            v = _num(r[i], line, header[i], limit=MAX_VALUE_USD)
            if v is None:
                continue
            out.append(
                _row(
                    reporter_iso3="USA",
                    reporter_label="United States",
                    partner_iso3=iso,
                    partner_kind=kind,
                    partner_label=r[c_country].strip(),
                    flow=flow,
                    hs_code=_hs(r[c_hts], line),
                    classification="HTS",
                    year=year,
                    value_usd=v,
                    value_basis=basis,
                )
            )
    return out


def preview_import(path: str | Path, catalog: Catalog, user) -> ImportPreview:
    """Read a file and say what an import would add to the user's data."""
    preview = read_file(path, catalog)
    keys = {
        (
            r["reporter_iso3"],
            r["partner_label"],
            r["flow"],
            r["hs_code"],
            r["year"],
            r["month"],
            r["period"],
        )
        for r in preview.rows
    }
    held = user.existing_keys(keys)
    preview.new_rows = sum(
        1
        for r in preview.rows
        if (
            r["reporter_iso3"],
            r["partner_label"],
            r["flow"],
            r["hs_code"],
            r["year"],
            r["month"],
            r["period"],
        )
        not in held
    )
    if held:
        preview.warnings.append(
            f"{len(held)} rows are already in your data from an earlier "
            "import; they will be held twice unless you remove that import."
        )
    return preview


def commit_import(preview: ImportPreview, user):
    """Write a previewed import in one transaction."""
    return user.commit_import(preview.rows, preview.meta)
