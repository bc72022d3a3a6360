"""@record behaves as @dataclass(frozen=True): its shared repr, equality and hash are held
to the ones Python's dataclasses compile for a twin class with the same fields."""

from __future__ import annotations

import dataclasses
import inspect
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


def test_the_constructor_is_dataclass_own():
    """Defaults, fresh default factories, keyword-only fields, the signature and the
    errors of a frozen dataclass's constructor."""
    body = {"items": field(default_factory=list)}
    ours, stock = twins({})
    assert str(inspect.signature(ours)) == str(inspect.signature(stock))
    assert str(inspect.signature(ours)) == (
        "(name: 'str', value: 'float | None' = None, tags: 'tuple' = (), note: 'str' = '') -> None"
    )
    for kind in (ours, stock):
        with pytest.raises(TypeError):
            kind()  # name has no default
        with pytest.raises(TypeError):
            kind("a", 1.0, (), "", "too many")
    annotations = {"name": "str", "items": "list", "unit": "str"}
    made = []
    for decorate in (record, dataclass(frozen=True)):
        ns = {
            "__annotations__": dict(annotations),
            **body,
            "unit": field(default="t", kw_only=True),
        }
        made.append(decorate(type("Lot", (), ns)))
    for kind in made:
        a, b = kind("x"), kind("y", unit="kg")
        assert a.items == [] and a.items is not b.items  # a fresh list for each
        assert (a.unit, b.unit) == ("t", "kg")
        with pytest.raises(TypeError):
            kind("x", [], "kg")  # unit is keyword-only
    assert str(inspect.signature(made[0])) == str(inspect.signature(made[1]))
    # a field without a default after one with a default: dataclasses' own TypeError
    late = {"__annotations__": {"a": "int", "b": "int"}, "a": 0}
    messages = []
    for decorate in (record, dataclass(frozen=True)):
        with pytest.raises(TypeError) as error:
            decorate(type("Bad", (), dict(late, __annotations__=dict(late["__annotations__"]))))
        messages.append(str(error.value))
    assert messages[0] == messages[1] == "non-default argument 'b' follows default argument"


def test_frozen_as_dataclasses_freeze():
    ours, stock = twins({})
    for kind in (ours, stock):
        line = kind("silver")
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
            line.x = 1  # not a field either: refused on the record's own class
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'name'"):
            del line.name
        # a plain subclass may set its own attributes, never a field
        sub = type("Sub", (kind,), {})("silver")
        sub.extra = 1
        assert sub.extra == 1
        del sub.extra
        with pytest.raises(dataclasses.FrozenInstanceError):
            sub.value = 2.0
    assert ours.__dataclass_params__.frozen
    # dataclasses' rules on frozen bases hold: a frozen child is fine, a thawed one refused
    child = dataclass(frozen=True)(
        type("Child", (ours,), {"__annotations__": {"k": "int"}, "k": 0})
    )
    assert child("a", k=1).k == 1
    with pytest.raises(TypeError, match="non-frozen dataclass from a frozen one"):
        dataclass(type("Thawed", (ours,), {}))


def test_what_a_record_does_not_do_is_refused():
    for ns, why in [
        ({"__post_init__": lambda self: None}, "__post_init__"),
        ({"__setattr__": lambda self, n, v: None}, "__setattr__"),
    ]:
        with pytest.raises(TypeError, match=why):
            record(type("Odd", (), {"__annotations__": {"a": "int"}, **ns}))
    with pytest.raises(TypeError, match="init=False"):
        record(
            type("Odd", (), {"__annotations__": {"a": "int"}, "a": field(default=0, init=False)})
        )
    with pytest.raises(TypeError, match="base class"):
        record(type("Odd", (dict,), {"__annotations__": {"a": "int"}}))
