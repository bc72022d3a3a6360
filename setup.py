"""Ship the curated tables of db/ inside the package (as minref/_db) when a wheel is built.

Installed with ``pip install .``, minref then finds its tables without the source
tree and builds its catalog from them on first use.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithDb(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads ../db directly
            return
        src = HERE / "db"
        dst = Path(self.build_lib) / "minref" / "_db"
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.tmp", "README*"))


setup(cmdclass={"build_py": BuildPyWithDb})
