"""Python names for things named in a document: deterministic, valid, collision-free."""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Iterable

_DIGITS = re.compile(r"([0-9]+)")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")
_MAX_LENGTH = 80  # a 300-character name from a document stays usable and readable


def _words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORD.findall(ascii_text)


def snake(text: str, fallback: str = "value") -> str:
    """`list-workflows` → `list_workflows`, `Audit Events` → `audit_events`, `getHTTPCode` →
    `get_http_code`."""
    name = (
        "_".join(w.lower() for w in _words(text))[:_MAX_LENGTH].strip("_") or fallback
    )
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def pascal(text: str, fallback: str = "Model") -> str:
    """`Audit Events` → `AuditEvents`, `workflow-list` → `WorkflowList`."""
    name = (
        "".join(w[:1].upper() + w[1:] for w in _words(text))[:_MAX_LENGTH] or fallback
    )
    if name[0].isdigit():
        name = f"{fallback}{name}"
    if keyword.iskeyword(name) or hasattr(builtins, name):
        name += "_"
    return name


def class_name(text: str, taken: Iterable[str], fallback: str = "Model") -> str:
    """A model class name for `text`, not in `taken` and without underscores: `None` → `NoneModel`,
    a second `Foo` → `Foo2`. datamodel-code-generator rewrites a class name with an underscore
    (`None_` becomes `None1`, `Foo_2` becomes `Foo2`), which would break the names the IR promised.
    """
    name = pascal(text, fallback)
    if name.endswith("_"):
        name = name[:-1] + fallback
    return unique(name, taken, sep="")


def unique(name: str, taken: Iterable[str], sep: str = "_") -> str:
    """`name`, or `name_2`, `name_3`, ... (with `sep` between): the first not in `taken`."""
    used = set(taken)
    if name not in used:
        return name
    n = 2
    while f"{name}{sep}{n}" in used:
        n += 1
    return f"{name}{sep}{n}"


def _natural(text: str) -> tuple[str | int, ...]:
    """`text` as runs of digits, compared by value, and the text between them."""
    return tuple(int(p) if i % 2 else p for i, p in enumerate(_DIGITS.split(text)))


def module_order(module: str) -> tuple[tuple[str | int, ...], ...]:
    """The sort key ruff's isort orders imported modules by: case-insensitive first, runs of
    digits by value (`audit_events_r2` before `audit_events_r10`)."""
    return _natural(module.lower()), _natural(module)


def name_order(name: str) -> tuple[int, tuple[str | int, ...], tuple[str | int, ...]]:
    """The sort key ruff's isort orders the names of one import by: CONSTANTS, Classes, then
    functions, each as `module_order` orders modules."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, _natural(name.lower()), _natural(name)
