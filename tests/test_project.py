"""The project as a stranger meets it: README commands, CI, pins, db/ freshness, installed use."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata

from .conftest import DB_DIR, REPO


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_starts_with_the_two_commands():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = text.index("```sh")
    assert text[:first_block].strip() == "# minref"
    run, test = _readme_commands()
    assert "minref" in run and "setup.sh" in run
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.startswith("#")]
    assert _readme_commands()[1] in lines
    assert os.access(REPO / ".ci" / "run", os.X_OK)
    assert os.access(REPO / "scripts" / "setup.sh", os.X_OK)


def test_every_dependency_is_pinned():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["test"]
    for dep in deps:
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.]*", dep), dep


def test_pyside6_is_the_known_good_release():
    # 6.11.x breaks pyqtgraph's SVG export; 6.12.0 aborts the interpreter after a few
    # hundred Signal.emit() calls on Python 3.11 (../shared/GUIDE.md §7).
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "PySide6-Essentials==6.10.3" in project["dependencies"]
    installed = metadata.version("PySide6-Essentials")
    assert installed == "6.10.3", f"PySide6-Essentials {installed} is installed"
    major_minor = tuple(int(x) for x in installed.split(".")[:2])
    assert major_minor not in {(6, 11), (6, 12)}


def test_committed_db_matches_a_fresh_refresh(shared_data, tmp_path):
    """Same inputs, byte-identical tables: a refresh now equals what is committed."""
    from minref.ingest.refresh import refresh

    out = tmp_path / "db"
    refresh(shared_data, out)
    committed = sorted(p.name for p in DB_DIR.iterdir() if p.is_file())
    assert sorted(p.name for p in out.iterdir()) == committed
    for name in committed:
        assert (out / name).read_bytes() == (DB_DIR / name).read_bytes(), name


def test_db_stays_small():
    total = sum(p.stat().st_size for p in DB_DIR.iterdir())
    assert total < 8 * 1024 * 1024
    assert all(p.stat().st_size < 4 * 1024 * 1024 for p in DB_DIR.iterdir())


def test_installed_wheel_finds_and_builds_its_catalog(tmp_path):
    """pip install . (not editable): the package carries db/ and builds its catalog itself."""
    import shutil

    src = tmp_path / "src"  # build from a copy: no build/ left in the checkout
    shutil.copytree(
        REPO,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "venv", "build", "*.egg-info", "__pycache__", ".pytest_cache"
        ),
    )
    wheels = tmp_path / "wheels"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    wheel = next(wheels.glob("minref-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "minref/_db/MANIFEST.json" in names
        assert "minref/_db/world_production.csv.gz" in names
        assert "minref/_resources/fonts/DejaVuSans.ttf" in names
        zf.extractall(site)
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("MINREF_CATALOG",)}
    env.update(PYTHONPATH=str(site), MINREF_HOME=str(home), PYTHONIOENCODING="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "minref", "show", "silver", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"commodity_id": "silver"' in proc.stdout
    built = list((home / "cache").glob("catalog-*.sqlite"))
    assert len(built) == 1
    # The second run opens the catalog it built, read-only, without rebuilding.
    mtime = built[0].stat().st_mtime_ns
    proc = subprocess.run(
        [sys.executable, "-m", "minref", "catalog", "verify"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert built[0].stat().st_mtime_ns == mtime
