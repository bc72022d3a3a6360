"""Figures stated in ../shared/data/SOURCES.md, shared by the tests that check the catalog
and the views against them (typed from the document, never computed)."""

from __future__ import annotations

# SOURCES.md §9: Mexico's silver (HS 7106) exports to the U.S., US$ billion, 2015-2024.
# 2019 is stated as 1.85 while the raw value is 1,844,938,815 (1.84 bn): the document
# rounds it up.
SILVER_TO_US_BN = {
    2015: 1.81,
    2016: 1.85,
    2017: 1.82,
    2018: 1.66,
    2019: 1.85,
    2020: 2.05,
    2021: 2.54,
    2022: 2.19,
    2023: 2.68,
    2024: 2.59,
}
