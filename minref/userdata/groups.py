"""Partner groups: named, editable sets of countries (USMCA, "U.S. + FTA partners", EU...).

Saved in the user data folder as a small JSON file, written atomically (a temporary
file, then a rename), so that a failed save leaves the old file whole.  The file holds
the user's groups only; the built-in groups are offered until the user changes or
deletes them.  (Kept apart from the user SQLite store on purpose: that store is being
reworked; the groups can move into it with a migration later.)
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from minref.errors import explain, quoted
from minref.files import atomic_write_text
from minref.i18n import _, format_decimal
from minref.records import record

logger = logging.getLogger(__name__)

FILE_NAME = "partner-groups.json"
FORMAT = "minref-partner-groups"
VERSION = 1
MAX_NAME = 60
MAX_MEMBERS = 300

# Offered until the user edits them.  Members by ISO 3166 alpha-3.
BUILTIN: dict[str, tuple[str, ...]] = {
    "USMCA": ("CAN", "MEX", "USA"),
    # The 20 countries with a free trade agreement in force with the United States.
    "U.S. + FTA partners": (
        "AUS",
        "BHR",
        "CAN",
        "CHL",
        "COL",
        "CRI",
        "DOM",
        "GTM",
        "HND",
        "ISR",
        "JOR",
        "KOR",
        "MAR",
        "MEX",
        "NIC",
        "OMN",
        "PAN",
        "PER",
        "SGP",
        "SLV",
        "USA",
    ),
    "European Union (27)": (
        "AUT",
        "BEL",
        "BGR",
        "CYP",
        "CZE",
        "DEU",
        "DNK",
        "ESP",
        "EST",
        "FIN",
        "FRA",
        "GRC",
        "HRV",
        "HUN",
        "IRL",
        "ITA",
        "LTU",
        "LUX",
        "LVA",
        "MLT",
        "NLD",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "SWE",
    ),
    "Japan": ("JPN",),
    "Australia": ("AUS",),
}


class GroupsError(Exception):
    """The groups file cannot be read or a group is not valid; the message says why."""


@record
class PartnerGroup:
    name: str
    members: tuple[str, ...]  # ISO3, sorted, no repeats
    builtin: bool = False


def default_path() -> Path:
    from minref.paths import user_paths

    return user_paths().data / FILE_NAME


def clean_group(name: str, members) -> PartnerGroup:
    """A valid group or GroupsError: a name of 1-60 characters, 1-300 ISO3 codes."""
    name = " ".join(str(name).split())
    if not name:
        raise GroupsError(_("A partner group needs a name."))
    if len(name) > MAX_NAME:
        raise GroupsError(
            _("A group name has at most {n} characters.").format(n=format_decimal(MAX_NAME))
        )
    if isinstance(members, str):
        members = re.split(r"[\s,;]+", members)
    codes = sorted({str(m).strip().upper() for m in members if str(m).strip()})
    bad = [c for c in codes if not re.fullmatch(r"[A-Z]{3}", c)]
    if bad:
        raise GroupsError(
            _("Not ISO 3166 alpha-3 codes: {codes} (use e.g. MEX, CAN, USA).").format(
                codes=", ".join(quoted(c) for c in bad[:5])
            )
        )
    if not codes:
        raise GroupsError(_("The group {name} has no countries.").format(name=quoted(name)))
    if len(codes) > MAX_MEMBERS:
        raise GroupsError(
            _("A group has at most {n} countries.").format(n=format_decimal(MAX_MEMBERS))
        )
    return PartnerGroup(name, tuple(codes))


def _read(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GroupsError(
            _(
                "The partner-groups file {path} cannot be read ({error}); "
                "move it aside to start again from the built-in groups."
            ).format(path=path, error=explain(exc))
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GroupsError(_("{path} is not a minref partner-groups file.").format(path=path))
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise GroupsError(
            _(
                "{path} was written by a newer minref (version {version}); it is left untouched."
            ).format(path=path, version=data.get("version"))
        )
    return data


def load_groups(path: str | Path | None = None) -> list[PartnerGroup]:
    """The user's groups, then the built-in groups the user has not changed or deleted."""
    path = Path(path) if path else default_path()
    data = _read(path)
    deleted = set(data.get("deleted", []))
    own = []
    for g in data.get("groups", []):
        if not isinstance(g, dict):
            raise GroupsError(_("{path}: a group entry is not an object.").format(path=path))
        own.append(clean_group(g.get("name", ""), g.get("members", [])))
    names = {g.name for g in own}
    builtin = [
        PartnerGroup(n, tuple(sorted(m)), True)
        for n, m in BUILTIN.items()
        if n not in names and n not in deleted
    ]
    return builtin + own


def _write(path: Path, own: list[PartnerGroup], deleted: set[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "groups": [{"name": g.name, "members": list(g.members)} for g in own],
        "deleted": sorted(deleted),
    }
    atomic_write_text(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def save_group(name: str, members, path: str | Path | None = None) -> PartnerGroup:
    """Add or replace a group (a built-in one too: the user's version then wins)."""
    path = Path(path) if path else default_path()
    group = clean_group(name, members)
    data = _read(path)
    own = [clean_group(g["name"], g["members"]) for g in data.get("groups", [])]
    own = [g for g in own if g.name != group.name] + [group]
    deleted = set(data.get("deleted", [])) - {group.name}
    _write(path, own, deleted)
    logger.info("partner group %r saved (%d countries)", group.name, len(group.members))
    return group


def delete_group(name: str, path: str | Path | None = None) -> None:
    """Remove a group; a built-in group stays deleted until saved again."""
    path = Path(path) if path else default_path()
    data = _read(path)
    own = [clean_group(g["name"], g["members"]) for g in data.get("groups", [])]
    known = {g.name for g in own} | set(BUILTIN)
    if name not in known:
        raise GroupsError(_("No partner group called {name}.").format(name=quoted(name)))
    deleted = set(data.get("deleted", []))
    if name in BUILTIN:
        deleted.add(name)
    _write(path, [g for g in own if g.name != name], deleted)


def find_group(name: str, path: str | Path | None = None) -> PartnerGroup | None:
    """A group by name (case and spacing ignored)."""
    want = " ".join(name.split()).lower()
    return next((g for g in load_groups(path) if g.name.lower() == want), None)
