"""Turning a `Request`'s Python values into what goes on the wire.

Rules (None always means "not passed" and is never sent):
- booleans are `true` / `false`; enums send their value;
- a `date` is `YYYY-MM-DD`; an aware `datetime` is ISO-8601 (`Z` for UTC);
  a naive `datetime` is taken to be UTC, the zone Amperity reports times in, and sent with `Z`;
- path values are percent-encoded, `/` included;
- a dict query value is a deepObject (`filter[first_name]=Dan`); a list repeats the key;
- header values containing CR or LF are refused;
- a JSON body with a model is validated by wire name and sent as
  `model_dump(mode="json", by_alias=True, exclude_unset=True)`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, TypeAdapter, ValidationError

from ._request import Request
from .errors import InvalidRequestError

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_ANY = TypeAdapter[Any](Any)


@dataclass(frozen=True)
class Prepared:
    """A `Request` serialized once, before the first attempt; each attempt builds from it."""

    method: str
    path: str  # percent-encoded, starting with "/"
    params: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    json: Any  # the JSON body, or None for no body


def format_value(value: object) -> str:
    """One scalar as the text the API expects."""
    if isinstance(value, enum.Enum):
        return format_value(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() == dt.timedelta(0):
            return value.replace(tzinfo=None).isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def encode_path(template: str, values: Mapping[str, Any], operation: str) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if value is None or value == "":
            raise InvalidRequestError(
                f"{operation}: the path parameter {name!r} needs a non-empty value"
            )
        return quote(format_value(value), safe="")

    return _PLACEHOLDER.sub(substitute, template)


def encode_query(query: Mapping[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, value in query.items():
        _add_query(pairs, name, value)
    return pairs


def _add_query(pairs: list[tuple[str, str]], name: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _add_query(pairs, f"{name}[{key}]", item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _add_query(pairs, name, item)
    else:
        pairs.append((name, format_value(value)))


def encode_headers(headers: Mapping[str, Any], operation: str) -> dict[str, str]:
    encoded: dict[str, str] = {}
    for name, value in headers.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            text = ",".join(format_value(v) for v in value if v is not None)
        else:
            text = format_value(value)
        if has_line_break(text):
            raise InvalidRequestError(
                f"{operation}: the value of header {name!r} contains a CR or LF character"
            )
        encoded[name] = text
    return encoded


def has_line_break(value: str) -> bool:
    """CR or LF in a header value would let it start a header of its own: such values are refused."""
    return "\r" in value or "\n" in value


def encode_body(body: Any, model: type[BaseModel] | None, operation: str) -> Any:
    """The JSON to send. A mapping drops its None (not passed) values; any other value (a list,
    a string) is the whole body, sent as the caller gave it."""
    if not isinstance(body, Mapping):
        return _ANY.dump_python(body, mode="json")
    passed = {name: value for name, value in body.items() if value is not None}
    if model is None:
        return _ANY.dump_python(passed, mode="json")
    try:
        validated = model.model_validate(passed)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(body)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise InvalidRequestError(
            f"{operation}: the request body does not fit {model.__name__}: {problems}"
        ) from None
    return validated.model_dump(mode="json", by_alias=True, exclude_unset=True)


def prepare(request: Request) -> Prepared:
    """Serialize everything the caller passed, or raise InvalidRequestError before sending."""
    endpoint = request.endpoint
    operation = endpoint.name
    return Prepared(
        method=endpoint.method.upper(),
        path=encode_path(endpoint.path, request.path_params, operation),
        params=tuple(encode_query(request.query)),
        headers=encode_headers(request.headers, operation),
        json=(
            encode_body(request.body, request.body_model, operation)
            if request.body is not None
            else None
        ),
    )
