"""Python annotations as data: what the parser decides a value's type is, and what it imports.

The templates print a `PyType` with `str()`; the IR reads its imports from it; the diff compares
them. Nothing downstream parses an annotation back out of a string.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

Literal_ = str | int | bool

# Where the names an annotation may use come from: (module, name to import) by name.
_SOURCES: dict[str, tuple[str, str]] = {
    "Any": ("typing", "Any"),
    "Literal": ("typing", "Literal"),
    "datetime": ("datetime", "datetime"),
    "date": ("datetime", "date"),
    "NoneType": ("types", "NoneType"),
    "Answer": ("._runtime", "Answer"),
    "Acknowledged": ("._runtime", "Acknowledged"),
    "BinaryContent": ("._runtime", "BinaryContent"),
    "FileContent": ("._runtime", "FileContent"),
}
_UNION = "|"
_BUILTINS = frozenset({"str", "int", "float", "bool", "bytes", "None", "list", "dict"})


@dataclass(frozen=True)
class Import:
    """`from <module> import <name>`; a module starting with "." is relative to the package's root
    (`._runtime`), "." itself the root (`from . import models`)."""

    module: str
    name: str


@dataclass(frozen=True)
class PyType:
    """One annotation: `name`, `name[args]`, `Literal[values]`, a union (name "|"), or a model
    class (`model` set: its class name; `name` is how the module naming it writes it, `Workflow`
    in the models' modules, `models.Workflow` elsewhere)."""

    name: str
    args: tuple[PyType, ...] = ()
    values: tuple[Literal_, ...] = ()  # of a Literal
    model: str | None = None  # the model class a `models.X` annotation names

    def __str__(self) -> str:
        if self.name == _UNION:
            return " | ".join(str(a) for a in self.args)
        if self.name == "Literal":
            return "Literal[" + ", ".join(repr(v) for v in self.values) + "]"
        if self.args:
            return f"{self.name}[{', '.join(str(a) for a in self.args)}]"
        return self.name

    @property
    def is_union(self) -> bool:
        return self.name == _UNION

    @property
    def is_literal(self) -> bool:
        return self.name == "Literal"

    @property
    def is_any(self) -> bool:
        return self.name == "Any"

    @property
    def is_none(self) -> bool:
        return self.name == "None"

    def members(self) -> tuple[PyType, ...]:
        """The alternatives of a union; itself otherwise."""
        return self.args if self.is_union else (self,)

    def renamed(self, classes: Mapping[str, str]) -> PyType:
        """The same type with model classes renamed (old name → new), as the diff follows them."""
        if self.model is not None and self.model in classes:
            new = classes[self.model]
            return replace(self, name=self.name[: -len(self.model)] + new, model=new)
        if not self.args:
            return self
        return replace(self, args=tuple(a.renamed(classes) for a in self.args))

    def or_none(self) -> PyType:
        """`T | None`, as a model field that may be null or missing is annotated (`Any | None`
        too, as datamodel-code-generator writes it)."""
        if any(m.is_none for m in self.members()):
            return self
        return PyType(_UNION, (*self.members(), NONE))

    def optional(self) -> PyType:
        """This type or None (Any and types that already admit None stay as they are)."""
        if self.is_any or any(m.is_none for m in self.members()):
            return self
        return union(self, NONE)

    @property
    def answer(self) -> str:
        """How a method names this type to the runtime that reads an answer: the type itself when
        it is a class (`models.Pet`, `str`, `list[int]`), `NoneType` for none, `Answer[...]()` for
        what type checkers do not take as a class (a union, a `Literal`)."""
        if self.is_none:
            return "NoneType"
        return f"Answer[{self}]()" if self.is_union or self.is_literal else str(self)

    def answer_imports(self) -> set[Import]:
        """The imports `answer` needs."""
        if self.is_none:
            return {Import(*_SOURCES["NoneType"])}
        extra = (
            {Import(*_SOURCES["Answer"])} if self.is_union or self.is_literal else set()
        )
        return self.imports() | extra

    def walk(self) -> Iterator[PyType]:
        yield self
        for arg in self.args:
            yield from arg.walk()

    def models(self) -> Iterator[str]:
        """The model classes this annotation names."""
        return (t.model for t in self.walk() if t.model is not None)

    def imports(self) -> set[Import]:
        found: set[Import] = set()
        for t in self.walk():
            if t.model is not None:
                found.add(Import(".", "models"))
            elif t.name in _SOURCES:
                found.add(Import(*_SOURCES[t.name]))
        return found


def of(name: str) -> PyType:
    """A plain name: a builtin or one of the names `_SOURCES` knows how to import."""
    if name not in _BUILTINS and name not in _SOURCES:
        raise ValueError(f"{name!r}: not a name an annotation may use")
    return PyType(name)


def generic(name: str, *args: PyType) -> PyType:
    return PyType(name, tuple(args))


def literal(values: Iterable[Literal_]) -> PyType:
    return PyType("Literal", values=tuple(values))


def model(cls: str) -> PyType:
    return PyType(f"models.{cls}", model=cls)


def union(*types: PyType) -> PyType:
    """The union of `types`, flattened and without repeats (in first-seen order); Any absorbs
    all."""
    members: dict[PyType, None] = {}
    for t in types:
        for m in t.members():
            members.setdefault(m, None)
    if any(m.is_any for m in members):
        return ANY
    if len(members) == 1:
        return next(iter(members))
    # None last, where a reader expects it.
    ordered = [m for m in members if not m.is_none] + [m for m in members if m.is_none]
    return PyType(_UNION, tuple(ordered))


ANY = PyType("Any")
NONE = PyType("None")
STR = PyType("str")
BYTES = PyType("bytes")
