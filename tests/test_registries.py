"""One list per kind: a brief or chart kind added through its registry shows up in the CLI's
--help and the GUI's export dialog with no other change."""

from __future__ import annotations

import pytest

from minref.analysis import charts
from minref.briefing import kinds


@pytest.fixture
def throwaway():
    brief = kinds.register(
        kinds.BriefKind("throwaway-brief", "Throw-away brief", kinds.NOTHING, lambda *a: None)
    )
    chart = charts.register_chart(
        charts.ChartKind("throwaway-chart", "Throw-away chart", lambda cat, cid: None)
    )
    yield brief, chart
    kinds.BRIEF_KINDS.pop(brief.id)
    charts.CHART_KINDS.pop(chart.id)


def _help(capsys, *argv) -> str:
    from minref.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args([*argv, "--help"])
    return capsys.readouterr().out


def test_new_kinds_reach_the_cli_help(throwaway, capsys):
    assert "throwaway-brief" in _help(capsys, "brief")
    assert "Throw-away brief" in _help(capsys, "brief")
    assert "throwaway-chart" in _help(capsys, "chart")


def test_new_kinds_are_accepted_by_the_parser(throwaway):
    from minref.cli import build_parser

    args = build_parser().parse_args(["brief", "throwaway-brief", "--out", "x.pdf"])
    assert kinds.get(args.what).label == "Throw-away brief"


def test_new_brief_kind_reaches_the_export_dialog(throwaway, catalog, qtbot):
    from minref.ui.brief_dialog import BriefDialog

    dialog = BriefDialog(catalog, "commodity", ["silver"])
    qtbot.addWidget(dialog)
    items = [dialog.kind_choice.itemData(i) for i in range(dialog.kind_choice.count())]
    assert "throwaway-brief" in items
    assert items[dialog.kind_choice.currentIndex()] == "commodity"
    dialog.kind_choice.setCurrentIndex(items.index("throwaway-brief"))
    assert dialog.brief_kind.id == "throwaway-brief"
    assert dialog.default_name() == "throwaway-brief.pdf"


def test_a_kind_cannot_be_registered_twice():
    with pytest.raises(ValueError):
        kinds.register(kinds.BriefKind("commodity", "again", kinds.NOTHING, lambda *a: None))
    with pytest.raises(ValueError):  # an alias is taken too
        kinds.register(kinds.BriefKind("country", "again", kinds.NOTHING, lambda *a: None))
    with pytest.raises(ValueError):
        charts.register_chart(charts.ChartKind("ranking", "again", lambda cat, cid: None))


def test_the_builtin_kinds_are_registered():
    # hand-written: the kinds the README documents
    assert set(kinds.BRIEF_KINDS) >= {"commodity", "mexico-us", "rare-earths", "pack"}
    assert kinds.get("country").id == "mexico-us"
    assert set(charts.CHART_KINDS) >= {
        "ranking",
        "production-history",
        "us-salient",
        "us-nir",
        "import-sources",
        "reserves",
        "ree-history",
        "trade",
    }
    from minref.analysis.claims import CLAIMS

    assert set(CLAIMS) >= {"us-share", "products", "top10"}
    from minref.ui.pages import PAGES

    assert set(PAGES) >= {
        "commodities",
        "commodity",
        "element",
        "countries",
        "country",
        "trade",
        "claims",
        "sources",
    }


@pytest.mark.parametrize(
    "lang, kind, ids, name",
    [
        ("en", "commodity", ["silver"], "silver-brief.pdf"),
        ("es", "commodity", ["silver"], "nota-plata.pdf"),
        ("fr", "commodity", ["silver"], "note-argent.pdf"),
        ("es", "commodity", ["rare-earths"], "nota-tierras-raras.pdf"),
        ("es", "mexico-us", [], "nota-mexico-estados-unidos.pdf"),
        ("fr", "rare-earths", [], "note-terres-rares.pdf"),
    ],
)
def test_the_save_dialog_proposes_a_file_name_in_the_briefings_language(
    catalog, qtbot, lang, kind, ids, name
):
    # A Spanish silver brief was proposed as "silver-brief.pdf".
    from minref.ui.brief_dialog import BriefDialog

    dialog = BriefDialog(catalog, kind, ids)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData(lang))
    assert dialog.default_name() == name


def test_a_name_becomes_a_plain_file_word():
    from minref.briefing.kinds import file_word

    assert file_word("Tierras raras (ETR)") == "tierras-raras-etr"
    assert file_word("Níquel") == "niquel"
    assert file_word("Métaux du groupe du platine") == "metaux-du-groupe-du-platine"
