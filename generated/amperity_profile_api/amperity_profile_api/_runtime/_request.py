"""The seam between generated endpoint code and the runtime.

Each generated method builds one `Request` and hands it to the client; everything
about sending it (auth, serialization, retries, rate limit, errors, pages) lives here.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

import httpx

from ._checks import Check

if TYPE_CHECKING:
    from pydantic import BaseModel

# A file part of a multipart body: the bytes (or a binary file), optionally with a file name
# and a content type. Files are read once, before the first attempt, so retries resend them.
FileContent = (
    bytes
    | IO[bytes]
    | tuple[str | None, bytes | IO[bytes]]
    | tuple[str | None, bytes | IO[bytes], str]
)
# A request body sent as it is (application/octet-stream and other non-JSON, non-text types).
BinaryContent = bytes | IO[bytes]
# (style, explode) of a query parameter, as its document declares it (OpenAPI 3).
QueryStyle = tuple[str, bool]


class Unset(enum.Enum):
    UNSET = "UNSET"


UNSET = Unset.UNSET
"""Marks an argument the caller did not pass (None has a meaning of its own: "off")."""
# A call's or a client's timeout: seconds, an httpx.Timeout, or None for no limit.
Timeout = float | httpx.Timeout | None


@dataclass(frozen=True)
class Endpoint:
    """What is fixed about one operation; generated once per operation as a module constant."""

    method: str  # "GET", "POST", ...
    path: str  # the document's path template, e.g. "/workflow/runs/{workflow-id}"
    idempotent: bool  # False for POST (and PATCH): retried only when the server cannot have acted
    # Each alternative names the security schemes (of the client's `_security`) sent together;
    # None: the client's default requirement; an empty alternative: no credentials needed.
    security: tuple[tuple[str, ...], ...] | None = None
    # The request body's media type: JSON (`...json`), form, multipart, `text/...`, or bytes.
    content_type: str = "application/json"
    # Query parameters not sent the default way (lists repeat the key, dicts are deepObject).
    query_styles: Mapping[str, QueryStyle] = field(default_factory=dict)
    # The Accept header, when the answer is not (only) JSON.
    accept: str | None = None
    # The parameters' checks, made before sending (`_checks`).
    checks: tuple[Check, ...] = ()
    # The most bytes a body may have (its document's `x-max-bytes`): a bigger one is refused
    # before sending. None: no limit.
    body_limit: int | None = None
    # Statuses at which the document says the server did not act (`x-retry-statuses`): retried
    # like a 429 even when the call is not idempotent, since a retry cannot repeat it.
    retry_statuses: frozenset[int] = frozenset()

    @property
    def name(self) -> str:
        """`GET /workflow/runs/{workflow-id}`: used in logs, warnings and errors."""
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Request:
    """One call: the endpoint plus the values the caller passed.

    Mappings are keyed by wire name. A value of None means "not passed" and is never sent;
    the runtime does the serialization (dates, booleans, deepObject dicts, percent-encoding).
    """

    endpoint: Endpoint
    path_params: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, Any] = field(default_factory=dict)
    cookies: Mapping[str, Any] = field(default_factory=dict)
    # The body, encoded by the endpoint's content type (see `_validation.encode_body`). A JSON
    # body is validated against `body_model` when given (only the passed fields are sent, by
    # wire name), else sent as it is (any JSON value: an object, a list, ...).
    body: Any = None
    body_model: type[BaseModel] | None = None
    # The file parts of a multipart body, by wire name (a list sends several parts).
    files: Mapping[str, FileContent | list[FileContent] | None] = field(
        default_factory=dict
    )
    # What every generated method also takes, for what the document does not (yet) say: headers
    # and query parameters added as given, JSON body properties merged over the body's, and
    # this call's timeout (UNSET: the client's).
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None
    timeout: Timeout | Unset = UNSET
