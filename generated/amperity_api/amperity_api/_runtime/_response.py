"""Reading an answer: its body within limits, typed errors for non-2xx, and how 2xx bodies are
typed (`Answer`, `Responses`); `_validation` reads them into those types."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from typing import Any, Generic, TypeVar, get_args

import httpx

from ._info import ResponseInfo
from .errors import (
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MethodNotAllowedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServiceUnavailableError,
)

T = TypeVar("T")

_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    409: ConflictError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}
_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid")
_EXCERPT_CHARS = 200


def header_request_id(headers: httpx.Headers) -> str | None:
    for name in _REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return str(value)
    return None


class BodyReader:
    """Reads a streamed answer's body: at most `limit` bytes (counted after decompression), all of
    it within `seconds` of the headers (httpx's read timeout bounds each read, not the whole
    body, so a body that trickles in would otherwise never time out)."""

    def __init__(
        self,
        response: httpx.Response,
        *,
        limit: int,
        seconds: float | None,
        operation: str,
    ) -> None:
        self.response = response
        self.limit = limit
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.seconds = seconds
        self.operation = operation
        # Joined once at the end: most bodies come in one chunk, which join returns as it is.
        self.chunks: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.chunks.append(chunk)
        self.size += len(chunk)
        if self.size > self.limit:
            raise APIResponseValidationError(
                f"{self.operation}: the answer is larger than the {self.limit} byte limit",
                response=self.response,
                field=None,
                errors=[],
                request_id=header_request_id(self.response.headers),
            )
        if self.deadline is not None and time.monotonic() > self.deadline:
            # A timeout like any other: retried as one, raised as APITimeoutError.
            raise httpx.ReadTimeout(
                f"the body took longer than {self.seconds} s to arrive",
                request=self.response.request,
            )

    def done(self) -> None:
        # What `response.read()` would have stored: the answer reads as if never streamed.
        self.response._content = b"".join(self.chunks)

    def read(self) -> None:
        for chunk in self.response.iter_bytes():
            self.add(chunk)
        self.done()

    async def aread(self) -> None:
        async for chunk in self.response.aiter_bytes():
            self.add(chunk)
        self.done()


def detach_stream(response: httpx.Response) -> None:
    """Once an answer is read and closed, drop its spent stream, as httpx does for a request it
    has read. httpx binds the stream to the response and the response to the stream: a reference
    cycle that would keep every answer, and its request, until the collector's next full pass
    (memory growing with the calls made, in bursts). A body not read in full keeps its stream,
    so that reading it again still fails as httpx makes it fail."""
    if response.is_closed and hasattr(response, "_content"):
        response.stream = httpx.ByteStream(response._content)


def excerpt(text: str) -> str:
    """A short one-line excerpt of a body that is not the error envelope: tags dropped."""
    flat = " ".join(re.sub(r"<[^>]*>", " ", text).split())
    return flat if len(flat) <= _EXCERPT_CHARS else flat[: _EXCERPT_CHARS - 1] + "…"


def make_status_error(
    response: httpx.Response, *, operation: str, retries_taken: int = 0
) -> APIStatusError:
    """The typed error for a non-2xx answer (its body already read)."""
    status = response.status_code
    cls = _STATUS_ERRORS.get(status) or (
        InternalServerError if status >= 500 else APIStatusError
    )
    body: object | None
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    envelope: dict[str, Any] = body if isinstance(body, dict) else {}
    message = envelope.get("message")
    if not isinstance(message, str) or not message:
        message = excerpt(response.text) if response.content else response.reason_phrase
    return cls(
        message,
        response=response,
        body=body,
        request_id=_text(envelope.get("request_id"))
        or header_request_id(response.headers),
        trace_id=_text(envelope.get("trace_id")),
        operation=operation,
        retries_taken=retries_taken,
    )


def _text(value: object) -> str | None:
    return str(value) if value is not None and value != "" else None


def response_info(
    response: httpx.Response, retries_taken: int, request_id: str | None
) -> ResponseInfo:
    return ResponseInfo(
        status_code=response.status_code,
        headers=response.headers,
        request_id=request_id,
        retries_taken=retries_taken,
        http_response=response,
    )


class Acknowledged:
    """The answer of an operation whose 2xx answers have no body and differ only by status
    (e.g. 202 "published" and 204 "accepted, dropped"): which one it was.

    `raw_response()` works on it like on a model."""

    __slots__ = ("status_code", "_response_info")

    def __init__(self, status_code: int, info: ResponseInfo) -> None:
        self.status_code = status_code
        self._response_info = info

    def __repr__(self) -> str:
        return f"Acknowledged(status_code={self.status_code})"


T_co = TypeVar("T_co", covariant=True)


class Answer(Generic[T_co]):
    """An answer's type that is not a class (a union, a `Literal`): `Answer[str | None]()`.

    Type checkers read the type argument like a class's; the runtime reads it from the instance.
    """

    @property
    def type(self) -> Any:
        # `Answer[...]()` sets __orig_class__ on the instance, which type checkers do not know.
        return get_args(getattr(self, "__orig_class__"))[0]  # noqa: B009


class Responses(Generic[T]):
    """What an operation answers by status, when its 2xx answers differ:
    `{"200": Pet, "204": NoneType}`.

    A status not listed reads as its class (`"2XX"`), else as the first listed.
    """

    def __init__(self, by_status: Mapping[str, type[T] | Answer[T]]) -> None:
        self.by_status = by_status

    def for_status(self, status: int) -> type[T] | Answer[T]:
        found = self.by_status.get(str(status)) or self.by_status.get(
            f"{str(status)[0]}XX"
        )
        return found if found is not None else next(iter(self.by_status.values()))
