"""``minref --self-test``: prove that this installation works (placeholder, see packaging)."""

from __future__ import annotations


def run_self_test(catalog: str | None = None) -> int:
    raise NotImplementedError("written with the installers (issue 7)")
