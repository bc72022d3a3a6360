#!/usr/bin/env python3
"""Frozen vs source: the same commands through the bundle and the source install (issue 12).

    .venv/bin/python packaging/compare-frozen.py [--frozen dist/minref/minref] [--source CMD]

Each command runs once through the frozen executable and once through the source install
(``VENV/bin/python -m minref`` by default), each on its own default catalog (the bundle's
prebuilt one; the source install's built from db/ into a fresh MINREF_HOME) and its own
fresh MINREF_HOME.  The exit codes must agree, and so must the ``--json`` output once
paths and timings are set aside (a file written with ``--out`` is compared byte for byte).
One line per command; exit code 1 when any differs.  Reads the catalogs, writes only in
a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]

# (label, argv, what to compare: "json", "exit" or "out:NAME" for a file written to --out)
COMMANDS: list[tuple[str, list[str], str]] = [
    ("show silver", ["show", "silver", "--json"], "json"),
    ("country MEX", ["country", "MEX", "--json"], "json"),
    ("search plata", ["search", "plata", "--json"], "json"),
    (
        "trade MEX->USA 7106",
        ["trade", "--reporter", "MEX", "--partner", "USA", "--hs", "7106", "--json"],
        "json",
    ),
    ("claims", ["claims", "--json"], "json"),
    ("catalog info", ["catalog", "info", "--json"], "json"),
    ("chart ranking csv", ["chart", "ranking", "silver", "--out", "{tmp}/ranking.csv"], "out"),
    ("unknown name", ["show", "silvr"], "exit"),
    ("huge edition", ["show", "silver", "--edition", "99999999999999999999"], "exit"),
    ("missing folder", ["chart", "ranking", "silver", "--out", "{tmp}/no/such/x.png"], "exit"),
]
# Keys whose values differ by installation, not by figures.
VOLATILE_KEYS = {"path", "data_file", "catalog_path", "seconds", "elapsed", "ms", "built_at"}


def normalise(obj, roots: list[str]):
    """The JSON with installation paths and timings set aside."""
    if isinstance(obj, dict):
        return {
            k: ("<volatile>" if k in VOLATILE_KEYS or k.endswith("_path") else normalise(v, roots))
            for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [normalise(v, roots) for v in obj]
    if isinstance(obj, str):
        for root in roots:
            obj = obj.replace(root, "<root>")
    return obj


def first_difference(a, b, where: str = "$") -> str:
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{where}.{k}: only in {'frozen' if k in a else 'source'}"
            d = first_difference(a[k], b[k], f"{where}.{k}")
            if d:
                return d
        return ""
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            d = first_difference(x, y, f"{where}[{i}]")
            if d:
                return d
        return ""
    if a == b:
        return ""
    if isinstance(a, str):  # show where the texts part
        i = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
        a, b = a[max(0, i - 20) : i + 40], b[max(0, i - 20) : i + 40]
        return f"{where} (from character {i}): {a!r} vs {b!r}"
    return f"{where}: {a!r} vs {b!r}"


def run(cmd: list[str], argv: list[str], home: Path, tmp: Path) -> tuple[int, str, str]:
    env = dict(os.environ, MINREF_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.pop("MINREF_CATALOG", None)
    env.pop("DISPLAY", None)
    argv = [a.replace("{tmp}", str(tmp)) for a in argv]
    proc = subprocess.run(
        [*cmd, *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
        cwd=tmp,  # never the source tree: the frozen app must not see it
    )
    return proc.returncode, proc.stdout, proc.stderr


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--frozen", default=str(REPO / "dist" / "minref" / "minref"))
    ap.add_argument(
        "--source",
        default=f"{REPO / '.venv' / 'bin' / 'python'} -m minref",
        help="the source install's command (split on spaces)",
    )
    args = ap.parse_args(argv)
    frozen = [str(Path(args.frozen).resolve())]
    source = args.source.split()
    if not Path(args.frozen).is_file():
        print(f"compare-frozen: no frozen executable at {args.frozen}", file=sys.stderr)
        return 2
    failures = 0
    with tempfile.TemporaryDirectory(prefix="minref-compare-") as t:
        t = Path(t)
        sides = {}
        for name, cmd in (("frozen", frozen), ("source", source)):
            home, tmp = t / name / "home", t / name / "tmp"
            home.mkdir(parents=True)
            tmp.mkdir(parents=True)
            sides[name] = (cmd, home, tmp)
        roots = [str(t), str(REPO), str(Path(args.frozen).resolve().parent)]
        for label, cmd_argv, compare in COMMANDS:
            got = {}
            for name, (cmd, home, tmp) in sides.items():
                got[name] = (*run(cmd, cmd_argv, home, tmp), tmp)
            (fc, fo, fe, ftmp), (sc, so, _se, stmp) = got["frozen"], got["source"]
            problem = ""
            if fc != sc:
                last = (fe.strip().splitlines() or [""])[-1][:160]
                problem = f"exit code {fc} frozen vs {sc} source (frozen said: {last})"
            elif compare == "json" and fc == 0:
                try:
                    fj, sj = json.loads(fo), json.loads(so)
                except ValueError as exc:
                    problem = f"not JSON: {exc}"
                else:
                    problem = first_difference(normalise(fj, roots), normalise(sj, roots))
            elif compare == "out" and fc == 0:
                out_name = Path(cmd_argv[-1]).name
                fb, sb = (ftmp / out_name).read_bytes(), (stmp / out_name).read_bytes()
                problem = "" if fb == sb else f"{out_name} differs ({len(fb)} vs {len(sb)} bytes)"
            if problem:
                failures += 1
                print(f"FAIL {label}: {problem}")
            else:
                print(f"ok   {label} (exit {fc}{', same JSON' if compare == 'json' else ''})")
    total = len(COMMANDS)
    if failures:
        print(f"frozen vs source: {failures} of {total} commands differ")
        return 1
    print(f"frozen vs source: all {total} commands agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
