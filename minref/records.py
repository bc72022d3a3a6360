"""``@record``: a frozen dataclass whose methods are shared functions, or one compiled
function, instead of six compiled for each class.

Python 3.11 compiles six methods from source text for every ``@dataclass(frozen=True)``
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``):
0.5-0.8 ms a class, and the desktop app defines some thirty record classes before its
first paint (bench/README.md).  ``@record`` lets dataclasses collect the fields and
compiles one function itself, the constructor, which sets each field as a frozen
dataclass's does (``object.__setattr__``, defaults and default factories alike); every
record shares the five others, which behave as the compiled ones do: the repr lists the
fields with ``repr=True`` in order, equality compares the fields with ``compare=True``
of two records of the same class (``NotImplemented`` otherwise), the hash is that of
the same tuple, and assigning or deleting an attribute raises ``FrozenInstanceError``
with dataclasses' own message.  ``dataclasses.fields``, ``asdict``, ``replace`` and
pickling see an ordinary frozen dataclass (tests/test_records.py holds all of it to
``@dataclass``'s own).  What a record does not need is refused with a clear error, not
half done: ``__post_init__``, fields with ``init=False``, and a base class.
"""

from __future__ import annotations

import dataclasses
import logging
import reprlib

logger = logging.getLogger(__name__)


def _names(cls, flag: str) -> tuple[str, ...]:
    """The fields with ``flag`` (``compare``, ``repr`` or ``init``) set, in order; kept on
    the class."""
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


def _frozen_owner(self, name: str):
    """None when ``name`` may not be set or deleted on ``self``; otherwise the record
    class above ``self``'s own, whose base then sets it.  Dataclasses' rule (``type(self)
    is cls or name in fields``): only an instance of a plain subclass of a record may
    set attributes, and only its own."""
    kind = type(self)
    owner = next(c for c in kind.__mro__ if c.__dict__.get("__setattr__") is _frozen_setattr)
    if kind is owner or name in _names(owner, "init"):
        return None
    return owner


def _frozen_setattr(self, name, value):
    owner = _frozen_owner(self, name)
    if owner is None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
    super(owner, self).__setattr__(name, value)


def _frozen_delattr(self, name):
    owner = _frozen_owner(self, name)
    if owner is None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
    super(owner, self).__delattr__(name)


class _Factory:
    """The default of a parameter whose field has a default factory (as dataclasses'
    own sentinel, shown ``<factory>`` in the signature)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _init(cls):
    """The constructor of a frozen dataclass with ``cls``'s fields, compiled once.

    The same signature as dataclasses' (positional fields in order, then the keyword-only
    ones; ``TypeError`` for a field without a default after one with a default) and the
    same body: ``object.__setattr__(self, name, value)`` for each field, a default
    factory called when its argument is not given."""
    fields = dataclasses.fields(cls)
    names = {"__set": object.__setattr__, "__factory": _FACTORY}
    positional, keywords, body = [], [], []
    seen_default = False
    for f in fields:
        if not f.init:
            raise TypeError(f"@record {cls.__qualname__}: field {f.name!r} has init=False")
        value = f.name
        if f.default_factory is not dataclasses.MISSING:
            names[f"__dflt_{f.name}"] = f.default_factory
            param = f"{f.name}=__factory"
            value = f"__dflt_{f.name}() if {f.name} is __factory else {f.name}"
        elif f.default is not dataclasses.MISSING:
            names[f"__dflt_{f.name}"] = f.default
            param = f"{f.name}=__dflt_{f.name}"
        else:
            param = f.name
        if f.kw_only:
            keywords.append(param)
        else:
            if param != f.name:
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
            positional.append(param)
        body.append(f"    __set(self, {f.name!r}, {value})")
    params = ", ".join(["self", *positional, *(["*", *keywords] if keywords else [])])
    source = f"def __init__({params}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, names)  # noqa: S102 (the text is built from field names above)
    init = names["__init__"]
    init.__annotations__ = {f.name: f.type for f in fields} | {"return": None}
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def record(cls=None, /, **options):
    """``@dataclass(frozen=True, **options)`` with the shared methods (see the module)."""

    def wrap(cls):
        own = dict(cls.__dict__)
        for name in ("__setattr__", "__delattr__"):
            if name in own:  # as @dataclass(frozen=True) refuses them
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
        if "__post_init__" in own or cls.__bases__ != (object,):
            raise TypeError(
                f"@record {cls.__qualname__}: no __post_init__ or base class; "
                "use @dataclass(frozen=True)"
            )
        wants_init = options.pop("init", True)
        cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, **options)
        cls.__dataclass_params__.frozen = True  # what it is: dataclasses read it
        if wants_init and "__init__" not in own:
            cls.__init__ = _init(cls)
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
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
