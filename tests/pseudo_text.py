"""Shared by the pseudo-locale tests: what the pseudo-locale left unwrapped, and the static
English of the messages extracted from some files (to look for in that unwrapped text)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def outside_brackets(text: str) -> str:
    """The text with every ⟦…⟧ (nested too) taken out."""
    while "⟦" in text:
        new = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
        if new == text:
            break
        text = new
    return text


def english_chunks(files, strip: str = " :;,.()[]%±") -> set[str]:
    """The static English of every message extracted from these files (singular and
    plural): its parts of four words or more between placeholders."""
    if str(REPO / "scripts") not in sys.path:
        sys.path.insert(0, str(REPO / "scripts"))
    import i18n as tool  # scripts/i18n.py

    files = set(files)
    chunks = set()
    for m in tool.extract():
        if not m.id or not any(loc[0] in files for loc in m.locations):
            continue
        for msgid in (m.id,) if isinstance(m.id, str) else m.id:
            for part in re.split(r"\{[^{}]*\}", msgid):
                part = part.strip(strip)
                if len(part.split()) >= 4:
                    chunks.add(part)
    return chunks
