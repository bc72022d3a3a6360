"""``minref claims --edition``: an edition the catalog does not hold is refused (the
message ``minref show`` gives, exit 2, nothing written); a partial edition (MCS 2022,
held for 12 commodities) is refused for the top-10 count, which counts over every
commodity; a fact card names the edition it was computed from.

Expected figures are hand-written: db/world_production.csv.gz holds MCS 2022 rows for 12
commodities (cobalt, copper, gallium, germanium, graphite, lithium, manganese, nickel,
pgm, rare-earths, titanium-concentrates, tungsten) and MCS 2023-2026 whole; MCS 2024
counts Mexico top-10 in 16 commodities on mine production (README's claim checker)."""

from __future__ import annotations

import json
import re

import pytest

from minref.cli import EXIT_USAGE, main

HELD = "MCS 2022, MCS 2023, MCS 2024, MCS 2025, MCS 2026"
WHOLE = "MCS 2023, MCS 2024, MCS 2025, MCS 2026"
UNKNOWN = f"MCS 1999 is not in the catalog; it holds {HELD}"
PARTIAL = (
    "MCS 2022 is held for 12 commodities only: “Mexico is a top-10 world producer of 16 "
    f"minerals” counts over every commodity and needs a complete edition ({WHOLE})"
)


def _run(cat, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([*cat, "claims", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def _pdf_text(path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def test_an_edition_not_held_is_refused_as_show_refuses_it(cat, capsys):
    rc, out, err = _run(cat, capsys, "--edition", "1999")
    assert rc == EXIT_USAGE == 2
    assert out == ""
    assert err.strip() == f"minref: {UNKNOWN}"
    # the same words and exit code as `minref show silver --edition 1999`
    capsys.readouterr()
    assert main([*cat, "show", "silver", "--edition", "1999"]) == EXIT_USAGE
    assert capsys.readouterr().err.strip() == f"minref: {UNKNOWN}"


def test_an_edition_not_held_is_refused_in_json_too(cat, capsys):
    rc, out, err = _run(cat, capsys, "--json", "--edition", "1999")
    assert (rc, out) == (EXIT_USAGE, "")
    assert UNKNOWN in err


def test_an_edition_not_held_writes_no_card(cat, capsys, tmp_path):
    out_pdf = tmp_path / "x.pdf"
    rc, out, err = _run(cat, capsys, "--card", "top10", "--edition", "1999", "--out", str(out_pdf))
    assert (rc, out) == (EXIT_USAGE, "")
    assert UNKNOWN in err
    assert not out_pdf.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either
    # a trade claim's card takes no edition, but 1999 is still not an edition held
    rc, _out, err = _run(
        cat, capsys, "--card", "us-share", "--edition", "1999", "--out", str(out_pdf)
    )
    assert rc == EXIT_USAGE and UNKNOWN in err and not out_pdf.exists()


def test_an_edition_not_held_is_refused_in_spanish(cat, capsys):
    capsys.readouterr()
    assert main([*cat, "--lang", "es", "claims", "--edition", "1999"]) == EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert f"MCS 1999 no está en el catálogo; contiene {HELD}" in err


def test_a_partial_edition_is_refused_for_the_top10_count(cat, capsys):
    rc, out, err = _run(cat, capsys, "--edition", "2022")
    assert (rc, out) == (EXIT_USAGE, "")
    assert err.strip() == f"minref: {PARTIAL}"
    rc, out, err = _run(cat, capsys, "--json", "--edition", "2022", "--any-line")
    assert (rc, out) == (EXIT_USAGE, "")
    assert PARTIAL in err


def test_a_partial_edition_writes_no_top10_card(cat, capsys, tmp_path):
    out_pdf = tmp_path / "x.pdf"
    rc, out, err = _run(cat, capsys, "--card", "top10", "--edition", "2022", "--out", str(out_pdf))
    assert (rc, out) == (EXIT_USAGE, "")
    assert PARTIAL in err
    assert list(tmp_path.iterdir()) == []


def test_a_trade_claims_card_does_not_need_a_whole_edition(cat, capsys, tmp_path):
    # claims 1 and 2 read trade rows, not MCS: the edition asked for claim 3 is not theirs
    out_pdf = tmp_path / "share.pdf"
    rc, out, err = _run(
        cat, capsys, "--card", "us-share", "--edition", "2022", "--out", str(out_pdf)
    )
    assert rc == 0, err
    assert out_pdf.is_file() and str(out_pdf) in out


def test_the_2022_edition_holds_12_commodities(catalog):
    from minref.analysis import claims

    assert claims.commodities_in_edition(catalog, 2022) == 12
    assert 2022 in catalog.editions and 2022 not in catalog.full_editions
    assert claims.edition_refusal(catalog, 2022) == PARTIAL
    assert claims.edition_refusal(catalog, 2022, ["us-share", "products"]) == ""
    assert claims.edition_refusal(catalog, 1999, ["us-share"]) == UNKNOWN
    assert claims.edition_refusal(catalog, 2024) == ""
    assert claims.edition_refusal(catalog, None) == ""


@pytest.mark.parametrize("edition", [1999, 2022])
def test_the_claim_itself_gives_no_count_in_an_edition_it_cannot_use(catalog, edition):
    # the GUI and briefing books call the claim directly: no 0 or 1 that reads as a count
    from minref.analysis import claims

    r = claims.claim_top10(catalog, edition=edition)
    assert r.verdict == claims.CANNOT_CHECK
    assert r.value == f"not counted in MCS {edition}"
    assert r.reason == (UNKNOWN if edition == 1999 else PARTIAL)
    assert r.sensitivity == [] and r.table == [] and r.source_ids == []
    assert not re.search(r"\b(0|1)\b \(MCS", json.dumps(r.to_dict()))


def test_a_whole_edition_is_still_counted(cat, capsys):
    rc, out, err = _run(cat, capsys, "--json", "--edition", "2024")
    assert rc == 0, err
    top10 = json.loads(out)["claims"][2]
    assert top10["value"].startswith("16 (MCS 2024, commodities): ")
    assert top10["verdict"] == "supported"
    # the edition counted in first, then the other editions its readings count in
    assert top10["source_ids"] == [
        "usgs-mcs-2024",
        "usgs-mcs-2023",
        "usgs-mcs-2025",
        "usgs-mcs-2026",
    ]


@pytest.mark.parametrize(
    "lang, header",
    [
        ("en", "Data as of USGS MCS 2024 (other readings: MCS 2023, 2025, 2026); built"),
        ("es", "Datos: USGS MCS 2024 (otras lecturas: MCS 2023, 2025, 2026); generado el"),
    ],
)
def test_the_top10_card_names_the_edition_it_counts_in(cat, capsys, tmp_path, lang, header):
    out_pdf = tmp_path / "card.pdf"
    capsys.readouterr()
    rc = main(
        [*cat, "--lang", lang, "claims", "--card", "top10", "--edition", "2024"]
        + ["--out", str(out_pdf)]
    )
    assert rc == 0, capsys.readouterr().err
    first = _pdf_text(out_pdf)[0]
    assert header in first
    assert "USGS MCS 2026;" not in first  # the newest edition is not the card's data
    assert "16 (MCS 2024," in first
