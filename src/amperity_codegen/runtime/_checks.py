"""Parameters checked against their declared types before anything is sent.

Bodies are checked by their models; path, query, header and cookie values by the `Check`s the
generated code gives each `Endpoint` once, at import: a few isinstance tests per call, no
pydantic. A required parameter passed as None, a value of the wrong type, an enum value the API
does not list, or an empty cursor is an InvalidRequestError naming the parameter.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InvalidRequestError


@dataclass(frozen=True, slots=True)
class Check:
    """One parameter's promise. `kind`: string, datetime (also a date, or an ISO 8601 string),
    date, integer, number, boolean, array (of `items`), object (a mapping, with at least
    `min_properties` of its values not None: those are the ones sent), or any."""

    location: str = ""  # path, query, header, cookie ("" for an array's items)
    name: str = ""  # wire name
    py_name: str = ""  # the argument's name, as errors name it
    kind: str = "any"
    required: bool = False
    values: tuple[Any, ...] = ()  # the enum's values, if any
    min_length: int = 0
    items: Check | None = None
    min_properties: int = 0


def check_parameters(
    checks: Iterable[Check],
    by_location: Mapping[str, Mapping[str, Any]],
    operation: str,
) -> None:
    """Raise InvalidRequestError for the first parameter (values by location: path, query,
    header, cookie) that breaks its check."""
    for check in checks:
        value = by_location[check.location].get(check.name)
        if value is None:
            if check.required:
                raise InvalidRequestError(
                    f"{operation}: {check.py_name} is required (None was passed)"
                )
            continue
        problem = _problem(check, value)
        if problem is not None:
            raise InvalidRequestError(f"{operation}: {check.py_name}={problem}")


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list, tuple, set, frozenset),
}
_NAMES = {
    "string": "a str",
    "integer": "an int",
    "number": "a number",
    "boolean": "a bool",
    "array": "a list",
}


def _problem(check: Check, value: Any) -> str | None:
    """What is wrong with `value` (worded after `name=`), or None."""
    kind = check.kind
    if isinstance(value, enum.Enum):
        value = value.value
    if kind == "any":
        return None
    if kind == "object":
        return _object_problem(check, value)
    if kind == "datetime" or kind == "date":
        return _time_problem(kind, value)
    if isinstance(value, bool) and kind in ("integer", "number"):
        return f"{value!r} must be {_NAMES[kind]}, not bool"
    if not isinstance(value, _TYPES[kind]):
        return f"{_short(value)} must be {_NAMES[kind]}, not {type(value).__name__}"
    if check.values and value not in check.values:
        allowed = ", ".join(map(repr, check.values))
        return f"{_short(value)} is not one of {allowed}"
    if isinstance(value, str) and len(value) < check.min_length:
        return (
            f"{value!r} must not be empty"
            if check.min_length == 1
            else (f"{_short(value)} is shorter than {check.min_length} characters")
        )
    if isinstance(value, (list, tuple, set, frozenset)) and check.items is not None:
        for item in value:
            problem = _problem(check.items, item) if item is not None else None
            if problem is not None:
                return f"[...] has an item that {problem.partition(' ')[2]}"
    return None


def _object_problem(check: Check, value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return f"{_short(value)} must be a dict, not {type(value).__name__}"
    sent = sum(1 for item in value.values() if item is not None)
    if sent >= check.min_properties:
        return None
    # A None value is left out of the request, so it does not count.
    unsent = " (a None value is not sent)" if sent < len(value) else ""
    if check.min_properties == 1:
        return f"{_short(value)} must not be empty{unsent}"
    return f"{_short(value)} has fewer than {check.min_properties} properties{unsent}"


def _time_problem(kind: str, value: Any) -> str | None:
    if kind == "datetime" and isinstance(value, dt.date):
        return None  # a datetime, or a date (sent as YYYY-MM-DD)
    if (
        kind == "date"
        and isinstance(value, dt.date)
        and not isinstance(value, dt.datetime)
    ):
        return None
    if isinstance(value, str):
        try:
            (dt.datetime if kind == "datetime" else dt.date).fromisoformat(value)
            return None
        except ValueError:
            pass
    wanted = "a datetime, a date" if kind == "datetime" else "a date"
    return f"{_short(value)} must be {wanted} or an ISO 8601 string"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
