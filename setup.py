"""Ship db/ and resources/ inside the package (minref/_db, minref/_resources) in a wheel.

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
        res = Path(self.build_lib) / "minref" / "_resources"
        if res.exists():
            shutil.rmtree(res)
        shutil.copytree(HERE / "resources", res)


setup(cmdclass={"build_py": BuildPyWithDb})
