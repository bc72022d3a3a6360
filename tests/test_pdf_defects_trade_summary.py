"""Trade chart summaries: US$ amounts read with their unit and scale in the reader's
conventions; the chart's source line says "Source:" once; series names the legend cuts
are given in full beneath the chart."""

from __future__ import annotations

import pytest

from minref import i18n
from minref.analysis.charts import ChartSpec, Point, Series, summary_sentence

NBSP, NNBSP = "\u00a0", "\u202f"


def _lines(unit: str, values: dict[int, float], name: str = "26 Ores") -> ChartSpec:
    pts = tuple(Point(y, v) for y, v in values.items())
    return ChartSpec("lines", "trade", "t", unit, (Series(name, pts, unit=unit),), ())


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en", "1 series from 2020 to 2021; latest: 26 Ores US$55.12 million in 2021."),
        ("es", "1 serie de 2020 a 2021; última cifra: 26 Ores US$55.12 millones en 2021."),
        (
            "fr",
            f"1 série de 2020 à 2021{NNBSP}; dernier chiffre{NBSP}: "
            f"26 Ores 55,12{NBSP}M{NBSP}$US en 2021.",
        ),
    ],
)
def test_a_money_series_reads_with_its_unit_and_scale(lang, expected):
    spec = _lines("US$", {2020: 99_600_000.0, 2021: 55_124_245.0})
    with i18n.using(lang):
        assert summary_sentence(spec) == expected


def test_billions_in_spanish_and_french():
    spec = _lines("US$", {2024: 2_650_848_316.0}, "7108 Gold")
    with i18n.using("es"):
        assert "7108 Gold US$2.65 mil millones en 2024" in summary_sentence(spec)
    with i18n.using("fr"):
        assert f"7108 Gold 2,65{NBSP}Md{NBSP}$US en 2024" in summary_sentence(spec)


def test_other_units_are_as_before():
    with i18n.using("en"):
        assert summary_sentence(_lines("percent", {2024: 77.0}, "NIR")) == (
            "1 series from 2024 to 2024; latest: NIR 77% in 2024."
        )
        assert summary_sentence(_lines("metric tons", {2024: 6300.0}, "Mexico")) == (
            "1 series from 2024 to 2024; latest: Mexico 6,300 in 2024."
        )


def test_the_trade_chart_names_its_source_once(catalog):
    from minref.analysis.charts import mexico_us_trade

    with i18n.using("es"):
        caption = mexico_us_trade(catalog).caption
    assert caption.startswith("Fuente: United Nations Statistics Division, UN Comtrade")
    assert caption.count("Fuente") == 1
    with i18n.using("en"):
        assert mexico_us_trade(catalog).caption.count("Source") == 1


def test_cut_series_names_are_given_in_full_beneath_the_chart(catalog):
    from minref.analysis.charts import mexico_us_trade
    from minref.briefing.briefs import chart_block, series_in_full
    from minref.briefing.document import Citations, styles

    with i18n.using("en"):
        spec = mexico_us_trade(catalog)
        names = [s.name for s in spec.series]
        assert "7108 Gold (including gold…" in names  # the legend's name is cut
        full = series_in_full(spec, catalog.hs_description)
        block = chart_block(spec, Citations(catalog.sources), styles(), 493, 250, full)
    alt = block[0]._content[1].text
    assert (
        "Series in full: 7108 Gold (including gold plated with platinum) unwrought or in "
        "semi-manufactured forms, or in powder form; 7106 Silver (including silver plated "
        "with gold or platinum); unwrought or in semi-manufactured forms, or in powder form;"
    ) in alt
    # each name is the whole description: its first clause alone misled ("7326 Iron or
    # steel"), so the legend cuts it with "…" and the caption gives it in full
    assert "7326 Iron or steel; articles…" in names
    assert "7326 Iron or steel; articles, n.e.c. in chapter 73" in alt
    assert "7403 Copper; refined and copper alloys, unwrought" in alt
