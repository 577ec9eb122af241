"""Turning a `Request`'s Python values into what goes on the wire.

Rules (None always means "not passed" and is never sent):
- booleans are `true` / `false`; enums send their value;
- a `date` is `YYYY-MM-DD`; a `datetime` is ISO-8601 in UTC with `Z`: a naive one is taken to be
  UTC, an aware one is converted to UTC. The same in the query, the path, headers and bodies
  (nested models too), where a `date` also stands for a `date-time`;
- path values are percent-encoded, `/` included; `.` and `..` (dot segments) are refused;
- a dict query value is a deepObject (`filter[first_name]=Dan`); a list repeats the key;
  a parameter with a declared style (`Endpoint.query_styles`) follows it instead (OpenAPI's
  form, spaceDelimited, pipeDelimited, exploded or not);
- a list in a path or header is comma-separated (OpenAPI's `simple` style);
- header values containing CR or LF are refused;
- a JSON body with a model is validated by wire name and sent as
  `model_dump(mode="json", by_alias=True, exclude_unset=True)`;
- a form body is `application/x-www-form-urlencoded` by the query rules; a multipart body sends
  each field as a part (objects as JSON) and each file as a file part; a `text/...` body is UTF-8;
  any other body is sent as the bytes given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from ._checks import check_parameters
from ._request import Endpoint, FileContent, QueryStyle, Request
from ._wire import format_value, is_json_media
from .errors import InvalidRequestError

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
# (file name, content, content type) of one part, as httpx takes it.
MultipartPart = tuple[str | None, bytes, str | None]


@dataclass(frozen=True)
class Prepared:
    """A `Request` serialized once, before the first attempt; each attempt builds from it."""

    method: str
    path: str  # percent-encoded, starting with "/"
    params: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    json: Any  # the JSON body, or None for no body
    content: bytes | None = (
        None  # any other body but multipart (its Content-Type in `headers`)
    )
    files: tuple[tuple[str, MultipartPart], ...] | None = (
        None  # a multipart body's parts
    )
    # The caller's `extra_headers`: sent over every other header but the credentials.
    extra_headers: Mapping[str, str] = field(default_factory=dict)


def encode_path(template: str, values: Mapping[str, Any], operation: str) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if value is None or value == "":
            raise InvalidRequestError(
                f"{operation}: the path parameter {name!r} needs a non-empty value"
            )
        if isinstance(value, (list, tuple)):
            return ",".join(quote(format_value(v), safe="") for v in value)
        return quote(format_value(value), safe="")

    path = _PLACEHOLDER.sub(substitute, template)
    # `.` and `..` are left as they are by percent-encoding, and a URL's dot segments are
    # resolved (by httpx, by servers): `get_workflow("..")` would reach another endpoint.
    dots = [part for part in path.split("/") if part in (".", "..")]
    if len(dots) > len([part for part in template.split("/") if part in (".", "..")]):
        raise InvalidRequestError(
            f"{operation}: a path parameter's value is '.' or '..', which would change the path"
        )
    return path


def encode_query(
    query: Mapping[str, Any], styles: Mapping[str, QueryStyle] | None = None
) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, value in query.items():
        style = (styles or {}).get(name)
        if style is None or style[0] == "deepObject":
            _add_query(pairs, name, value)
        else:
            _add_styled(pairs, name, value, *style)
    return pairs


def _add_styled(
    pairs: list[tuple[str, str]], name: str, value: object, style: str, explode: bool
) -> None:
    """OpenAPI's form / spaceDelimited / pipeDelimited styles: an exploded object sends each of its
    properties as a parameter of its own, an exploded list repeats the key; otherwise the
    values (an object's as key, value, ...) are joined into one."""
    if value is None:
        return
    delimiter = _DELIMITERS.get(style, ",")
    if isinstance(value, Mapping):
        items = [(str(k), v) for k, v in value.items() if v is not None]
        if explode:
            for key, item in items:
                pairs.append((key, format_value(item)))
        else:
            pairs.append(
                (
                    name,
                    delimiter.join(
                        f"{k}{delimiter}{format_value(v)}" for k, v in items
                    ),
                )
            )
    elif isinstance(value, (list, tuple, set, frozenset)):
        if explode:
            pairs.extend(
                (name, format_value(item)) for item in value if item is not None
            )
        else:
            pairs.append(
                (
                    name,
                    delimiter.join(
                        format_value(item) for item in value if item is not None
                    ),
                )
            )
    else:
        pairs.append((name, format_value(value)))


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
        elif isinstance(value, Mapping):
            text = ",".join(
                f"{k},{format_value(v)}" for k, v in value.items() if v is not None
            )
        else:
            text = format_value(value)
        if has_line_break(text):
            raise InvalidRequestError(
                f"{operation}: the value of header {name!r} contains a CR or LF character"
            )
        encoded[name] = text
    return encoded


def has_line_break(value: str) -> bool:
    """CR or LF in a header value would let it start a header of its own: such values are
    refused."""
    return "\r" in value or "\n" in value


def encode_cookies(cookies: Mapping[str, Any], operation: str) -> str | None:
    """The `Cookie` header for `cookies`, or None when none was passed."""
    pairs = [
        f"{name}={format_value(value)}"
        for name, value in cookies.items()
        if value is not None
    ]
    return (
        encode_headers({"Cookie": "; ".join(pairs)}, operation)["Cookie"]
        if pairs
        else None
    )


def _read(content: bytes | Any) -> bytes:
    if isinstance(content, (bytes, bytearray, memoryview)):
        return bytes(content)
    data = content.read()
    return data.encode() if isinstance(data, str) else bytes(data)


def _file_part(name: str, value: FileContent) -> MultipartPart:
    """A file part: a bare file is named after the field (servers tell files by their name)."""
    if isinstance(value, tuple):
        filename, content, *content_type = value
        return (
            filename,
            _read(content),
            content_type[0] if content_type else "application/octet-stream",
        )
    filename = getattr(value, "name", None)
    filename = filename.rsplit("/", 1)[-1] if isinstance(filename, str) else name
    return (filename, _read(value), "application/octet-stream")


def encode_multipart(
    fields: Mapping[str, Any], files: Mapping[str, Any]
) -> tuple[tuple[str, MultipartPart], ...]:
    """Every field as a part (text, or JSON for an object), then every file as a file part."""
    parts: list[tuple[str, MultipartPart]] = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, (Mapping, list)):
                parts.append(
                    (name, (None, json.dumps(item).encode(), "application/json"))
                )
            elif item is not None:
                parts.append((name, (None, format_value(item).encode(), None)))
    for name, value in files.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                parts.append((name, _file_part(name, item)))
    return tuple(parts)


def prepare(request: Request) -> Prepared:
    """Serialize everything the caller passed, or raise InvalidRequestError before sending."""
    # Here, not at the top: pydantic is imported with the first request, not the package.
    from ._validation import encode_body

    endpoint = request.endpoint
    operation = endpoint.name
    if endpoint.checks:
        by_location = {
            "path": request.path_params,
            "query": request.query,
            "header": request.headers,
            "cookie": request.cookies,
        }
        check_parameters(endpoint.checks, by_location, operation)
    headers = encode_headers(request.headers, operation)
    cookie = encode_cookies(request.cookies, operation)
    if cookie is not None:
        headers["Cookie"] = cookie
    media = endpoint.content_type.split(";")[0].strip().lower()
    body, content, files = request.body, None, None
    passed_files = {
        name: value for name, value in request.files.items() if value is not None
    }
    if media == MULTIPART and (body is not None or passed_files):
        fields = (
            encode_body(body, request.body_model, operation) if body is not None else {}
        )
        files = encode_multipart(
            fields if isinstance(fields, Mapping) else {}, passed_files
        )
        body = None
    elif body is not None and not is_json_media(media):
        if media == FORM:
            value = encode_body(body, request.body_model, operation)
            content = urlencode(
                encode_query(value if isinstance(value, Mapping) else {})
            ).encode()
        elif media.startswith("text/"):
            content = format_value(body).encode()
        else:
            content = _read(body)
        headers["Content-Type"] = endpoint.content_type
        body = None
    elif body is not None and media != "application/json":
        headers["Content-Type"] = (
            endpoint.content_type
        )  # a JSON variant (`...+json`): say which
    json_body = (
        encode_body(body, request.body_model, operation) if body is not None else None
    )
    if request.extra_body:
        if (
            not (json_body is None or isinstance(json_body, dict))
            or content is not None
            or files
        ):
            raise InvalidRequestError(
                f"{operation}: extra_body needs a JSON object body (this one is not)"
            )
        json_body = {
            **(json_body or {}),
            **encode_body(request.extra_body, None, operation),
        }
    params = encode_query(request.query, endpoint.query_styles)
    if request.extra_query:
        params += encode_query(request.extra_query)
    if endpoint.body_limit is not None:
        json_body, content = _within_limit(json_body, content, endpoint, headers)
    return Prepared(
        method=endpoint.method.upper(),
        path=encode_path(endpoint.path, request.path_params, operation),
        params=tuple(params),
        headers=headers,
        json=json_body,
        content=content,
        files=files,
        extra_headers=(
            encode_headers(request.extra_headers, operation)
            if request.extra_headers
            else {}
        ),
    )


def _within_limit(
    json_body: Any, content: bytes | None, endpoint: Endpoint, headers: dict[str, str]
) -> tuple[None, bytes | None]:
    """The body as the bytes sent, once they are known to fit `endpoint.body_limit`.

    A JSON body is encoded here as httpx would (compact, UTF-8), so what is measured is what goes
    on the wire."""
    if json_body is not None:
        content = json.dumps(
            json_body, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode()
        headers.setdefault("Content-Type", "application/json")
    limit = endpoint.body_limit
    if content is not None and limit is not None and len(content) > limit:
        raise InvalidRequestError(
            f"{endpoint.name}: the body is {len(content)} bytes, more than the "
            f"{limit} bytes the endpoint accepts; nothing was sent"
        )
    return None, content
