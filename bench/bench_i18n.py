"""What translation costs: installing the translators (first start compiles the .po into the
user cache; later starts read the .mo), beside a bare QApplication measured in the same run,
and `minref show silver` in Spanish and French beside English (whole process).

    .venv/bin/python bench/bench_i18n.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable

PROBE = """
import time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
t1 = time.perf_counter()
from minref import i18n
i18n.set_language({lang!r})
from minref.ui.translators import install_translators
install_translators(app)
t2 = time.perf_counter()
print(f"{{(t1 - t0) * 1000:.1f}} {{(t2 - t1) * 1000:.1f}}")
"""


def probe(lang: str, home: str) -> tuple[float, float]:
    env = {**os.environ, "MINREF_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [PY, "-c", PROBE.format(lang=lang)], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def show(lang: str, home: str) -> float:
    env = {**os.environ, "MINREF_HOME": home}
    t0 = time.perf_counter()
    subprocess.run(
        [PY, "-m", "minref", "--lang", lang, "show", "silver"],
        env=env,
        capture_output=True,
        check=True,
        cwd=REPO,
    )
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        show("en", home)  # builds the catalog in this home's cache once
        for lang in ("es", "fr"):
            qapp, cold = probe(lang, home)
            _, warm = probe(lang, home)
            print(
                f"translators {lang}: first start {cold:6.1f} ms, later {warm:5.1f} ms "
                f"(yardstick: bare QApplication {qapp:.1f} ms)"
            )
        _, en = probe("en", home)
        print(f"translators en: {en:5.1f} ms (English needs no catalog)")
        base = min(show("en", home) for _ in range(3))
        for lang in ("es", "fr"):
            t = min(show(lang, home) for _ in range(3))
            print(f"minref show silver --lang {lang}: {t:6.0f} ms (yardstick: en {base:.0f} ms)")


if __name__ == "__main__":
    main()
