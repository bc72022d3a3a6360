"""The USGS cell parser: codes, ranges and numbers, kept with their raw text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minref.ingest import cells
from minref.ingest.cells import parse_cell


@pytest.mark.parametrize(
    "raw, value, flags",
    [
        ("W", None, ("withheld",)),
        ("NA", None, ("not_available",)),
        ("XX", None, ("not_applicable",)),
        ("E", None, ("net_exporter",)),
        ("—", 0.0, ("zero",)),
        ("s", None, ("less_than_half_unit",)),
        ("Less than ½ unit.", None, ("less_than_half_unit",)),
        ("Large", None, ("qualitative",)),
        ("Included with ilmenite", None, ("included_elsewhere",)),
        ("?1", None, ("unreadable",)),
        ("6,400", 6400.0, ()),
        ("0.5", 0.5, ()),
        ("e5,000", 5000.0, ("estimated",)),
        (" 68\xa0", 68.0, ()),
    ],
)
def test_codes_and_numbers(raw, value, flags):
    cell = parse_cell(raw)
    assert cell.value == value
    assert cell.flags == flags


@pytest.mark.parametrize(
    "raw, low, high, flag",
    [
        (">95", 95.0, None, "greater_than"),
        ("<1,000", None, 1000.0, "less_than"),
        (">50%", 50.0, None, "greater_than"),
        ("50–300", 50.0, 300.0, "range"),
        ("330 - 390", 330.0, 390.0, "range"),
        ("Less than 50,000 tons", None, 50000.0, "less_than"),
    ],
)
def test_bounds_are_kept_without_inventing_a_value(raw, low, high, flag):
    cell = parse_cell(raw)
    assert cell.value is None
    assert (cell.low, cell.high) == (low, high)
    assert cell.flags == (flag,)
    assert cell.raw == raw.strip()


def test_empty_cell_is_not_a_zero():
    assert parse_cell("").value is None and parse_cell("").is_empty
    assert parse_cell("   ").is_empty


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separated_integers_round_trip(n):
    cell = parse_cell(f"{n:,}")
    assert cell.value == float(n)
    assert cell.raw == f"{n:,}"
    assert cell.flags == ()


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=999))
def test_decimals_round_trip(whole, frac):
    text = f"{whole:,}.{frac:03d}"
    assert parse_cell(text).value == float(f"{whole}.{frac:03d}")


@given(st.sampled_from([">", "<"]), st.integers(min_value=0, max_value=10**9))
def test_bounds_hold_the_stated_number(op, n):
    cell = parse_cell(f"{op}{n:,}")
    assert cell.value is None
    assert (cell.low if op == ">" else cell.high) == float(n)


@given(st.text(max_size=40))
def test_any_text_parses_without_error_and_never_invents_a_number(text):
    cell = parse_cell(text)
    if cell.value is not None:
        # A number is only ever read from digits that are in the cell (or "—" for zero).
        assert re.search(r"\d", cell.raw) or cell.flags == (cells.ZERO,)
    assert all(f in cells.FLAG_LABELS for f in cell.flags)


@given(st.text(max_size=20))
def test_estimate_flag_from_the_column_is_always_added(text):
    cell = parse_cell(text, estimated=True)
    if not cell.is_empty:
        assert "estimated" in cell.flags


def test_numbers_from_a_workbook():
    assert parse_cell(2500).value == 2500.0 and parse_cell(2500).raw == "2500"
    assert parse_cell(0.25).raw == "0.25"
