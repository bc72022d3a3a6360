"""A PDF's text as pdftotext (poppler-utils) reads it, for the tests of what a reader sees
on paper.  scripts/setup.sh --test installs poppler-utils; without it a test fails saying
so, never skips (a skipped PDF test would pass CI having checked nothing)."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def pdf_text(path, *args: str) -> str:
    """``pdftotext [args] path -``: ``-layout`` for the page's columns, ``-raw`` for the
    order it is drawn in, ``-f``/``-l`` for pages, ``-bbox`` for each word's box."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is not installed: scripts/setup.sh --test")
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_words(path, *args: str) -> str:
    """The PDF's text with every run of white space, no-break spaces too, as one space."""
    return " ".join(pdf_text(path, *args).split())
