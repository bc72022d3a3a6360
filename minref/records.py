"""``@record``: a frozen dataclass whose ``__repr__``, ``__eq__`` and ``__hash__`` are shared
functions instead of ones compiled for each class.

Python 3.11 compiles six methods from source text for every ``@dataclass(frozen=True)``
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``):
0.3-0.8 ms a class, and the desktop app defines some thirty record classes before its
first paint (bench/README.md).  ``@record`` lets dataclasses compile the three that
must be per class (the constructor and the two that refuse assignment) and gives every
record the same three others, which behave as the compiled ones do: the repr lists the
fields with ``repr=True`` in order, equality compares the fields with ``compare=True``
of two records of the same class (``NotImplemented`` otherwise), and the hash is that of
the same tuple.  ``dataclasses.fields``, ``asdict``, ``replace`` and pickling see an
ordinary frozen dataclass (tests/test_records.py holds all of it to ``@dataclass``'s own).
"""

from __future__ import annotations

import dataclasses
import logging
import reprlib

logger = logging.getLogger(__name__)


def _names(cls, flag: str) -> tuple[str, ...]:
    """The fields with ``flag`` (``compare`` or ``repr``) set, in order; kept on the class."""
    key = f"_record_{flag}"
    names = cls.__dict__.get(key)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if getattr(f, flag))
        setattr(cls, key, names)
    return names


@reprlib.recursive_repr()
def _repr(self) -> str:
    cls = self.__class__
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names(cls, "repr"))
    return f"{cls.__qualname__}({inner})"


def _eq(self, other):
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = _names(self.__class__, "compare")
    return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)


def _hash(self) -> int:
    return hash(tuple(getattr(self, n) for n in _names(self.__class__, "compare")))


def record(cls=None, /, **options):
    """``@dataclass(frozen=True, **options)`` with the shared repr, equality and hash."""

    def wrap(cls):
        own = dict(cls.__dict__)
        cls = dataclasses.dataclass(cls, frozen=True, repr=False, eq=False, **options)
        # What the class body defines stays, as with @dataclass (a body's __eq__ alone
        # leaves __hash__ None in its namespace, which is no hash of its own).
        if "__repr__" not in own:
            cls.__repr__ = _repr
        if "__eq__" not in own:
            cls.__eq__ = _eq
        explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
        if not explicit_hash:
            cls.__hash__ = _hash
        return cls

    return wrap if cls is None else wrap(cls)
