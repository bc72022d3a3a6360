"""@record behaves as @dataclass(frozen=True): its shared repr, equality and hash are held
to the ones Python's dataclasses compile for a twin class with the same fields."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from minref.records import record


def twins(body: dict, **options):
    """The same class body under @record and under @dataclass(frozen=True)."""
    annotations = {"name": "str", "value": "float | None", "tags": "tuple", "note": "str"}
    ns = {
        "__annotations__": annotations,
        "value": None,
        "tags": (),
        "note": field(default="", compare=False, repr=False),
        **body,
    }
    ours = record(type("Line", (), dict(ns, __annotations__=dict(annotations))), **options)
    stock = dataclass(frozen=True, **options)(
        type("Line", (), dict(ns, __annotations__=dict(annotations)))
    )
    return ours, stock


def test_repr_equality_and_hash_are_dataclass_own():
    ours, stock = twins({})
    cases = [("silver", 6300.0, ("e",), "a note"), ("silver", None, (), ""), ("Peru", 1.5, (), "")]
    for args in cases:
        a, b = ours(*args), stock(*args)
        assert repr(a) == repr(b)  # repr=False fields (note) left out, in field order
        assert hash(a) == hash(b)
    # equality: compare=False fields (note) are ignored, other classes are not equal
    assert ours("silver", 1.0, (), "x") == ours("silver", 1.0, (), "y")
    assert stock("silver", 1.0, (), "x") == stock("silver", 1.0, (), "y")
    assert ours("silver", 1.0) != ours("silver", 2.0)
    assert ours("silver") != stock("silver")
    assert ours("silver").__eq__(stock("silver")) is NotImplemented
    assert stock("silver").__eq__(ours("silver")) is NotImplemented
    assert len({ours("a"), ours("a"), ours("b")}) == 2


def test_a_record_is_a_frozen_dataclass():
    ours, _ = twins({})
    line = ours("silver", 6300.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.value = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del line.name  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(ours)] == ["name", "value", "tags", "note"]
    assert dataclasses.asdict(line) == {"name": "silver", "value": 6300.0, "tags": (), "note": ""}
    assert dataclasses.replace(line, value=1.0) == ours("silver", 1.0)
    assert ours.__match_args__ == ("name", "value", "tags", "note")


def test_kw_only_and_a_recursive_repr():
    ours, stock = twins({}, kw_only=True)
    with pytest.raises(TypeError):
        ours("silver")  # keywords only, as the stock class
    assert repr(ours(name="x")) == repr(stock(name="x"))
    holder = ours(name="loop", tags=[])
    holder.tags.append(holder)
    assert repr(holder) == "Line(name='loop', value=None, tags=[...])"


def test_what_the_class_body_defines_stays():
    def own_repr(self):
        return "mine"

    def own_eq(self, other):
        return True

    ours, stock = twins({"__repr__": own_repr, "__eq__": own_eq})
    assert repr(ours("a")) == repr(stock("a")) == "mine"
    assert ours("a") == ours("b") and stock("a") == stock("b")
    # a body's __eq__ alone: both give the field hash
    assert hash(ours("a")) == hash(stock("a"))
    ours, stock = twins({"__hash__": lambda self: 7})
    assert hash(ours("a")) == hash(stock("a")) == 7


def test_records_pickle():
    from minref.catalog.models import SourceRef

    ref = SourceRef("usgs-mcs-2026", "USGS", "MCS", "2026", 2026, "", "", "PD", "USGS")
    assert pickle.loads(pickle.dumps(ref)) == ref
    assert "source_id='usgs-mcs-2026'" in repr(ref)
