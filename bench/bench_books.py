"""Briefing-book benchmarks (issue 14), whole process as an official runs them.

Run: .venv/bin/python bench/bench_books.py   (prints figures; never fails)
Budgets: a 10-section book export in 3 s whole process; a 60-commodity pack in 15 s.
Yardsticks measured in the same run: `python -c pass` with minref's imports of reportlab
(the floor of any PDF command), and reportlab writing the same number of pages of plain
paragraphs (what the pages cost without the catalog).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable


def timed(argv: list[str], env: dict, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


PLAIN_PDF = """
import sys
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
st = getSampleStyleSheet()["BodyText"]
flow = []
for i in range(int(sys.argv[2])):
    flow += [Paragraph("Page %d " % i + "text " * 400, st), PageBreak()]
SimpleDocTemplate(sys.argv[1], pagesize=LETTER).build(flow)
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "MINREF_HOME": tmp, "QT_QPA_PLATFORM": "offscreen"}
        minref = [PY, "-m", "minref"]
        subprocess.run([*minref, "show", "silver"], env=env, check=True, capture_output=True)
        data = str(Path(tmp) / "userdata.sqlite")
        book = [*minref, "book", "--data", data]

        def run(*a):
            subprocess.run([*book, *a], env=env, check=True, capture_output=True)

        run(
            "new",
            "USMCA review: critical minerals",
            "--marking",
            "FOR OFFICIAL USE ONLY",
            "--purpose",
            "Prepare the ministerial",
            "--points",
            "- The U.S. takes 52% of Mexico's mineral exports\n- Mexico is a reliable supplier",
        )
        for cid in ("fluorspar", "silver", "graphite", "zinc", "strontium", "bismuth"):
            run("add", "1", "commodity", cid, "--points", f"- {cid}: what to ask")
        run("add", "1", "rare-earths")
        run("add", "1", "claim", "us-share")
        run("add", "1", "desk", "MEX", "--option", "partner=USA", "--option", "hs=26")
        run("add", "1", "text", "--title", "Context", "--body", "Closing remarks.")
        out = str(Path(tmp) / "book.pdf")
        t_book = timed([*book, "export", "1", "--out", out], env)
        from pypdf import PdfReader

        pages = len(PdfReader(out).pages)
        t_floor = timed([PY, "-c", "import reportlab.platypus, minref.briefing.document"], env)
        plain = str(Path(tmp) / "plain.pdf")
        t_plain = timed([PY, "-c", PLAIN_PDF, plain, str(pages)], env)
        print(
            f"10-section book export: {t_book:.2f} s whole process, {pages} pages (budget 3 s); "
            f"yardsticks: imports alone {t_floor:.2f} s, reportlab plain {pages} pages "
            f"{t_plain:.2f} s"
        )
        sys.path.insert(0, str(REPO))
        from minref.catalog.queries import open_default

        os.environ["MINREF_HOME"] = tmp
        cat = open_default(None)
        ids = [s.commodity_id for s in cat.commodity_index if s.kind == "chapter"][:60]
        pack = str(Path(tmp) / "pack.pdf")
        t_pack = timed([*minref, "brief", "pack", ",".join(ids), "--out", pack], env, runs=1)
        ppages = len(PdfReader(pack).pages)
        t_plain_pack = timed([PY, "-c", PLAIN_PDF, plain, str(ppages)], env, runs=1)
        print(
            f"{len(ids)}-commodity pack: {t_pack:.1f} s whole process, {ppages} pages "
            f"(budget 15 s); yardstick: reportlab plain {ppages} pages {t_plain_pack:.1f} s"
        )


if __name__ == "__main__":
    main()
