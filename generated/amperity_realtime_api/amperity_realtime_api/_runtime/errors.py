"""Every exception the client raises.

    Error
    ├── ConfigurationError          bad or missing client settings, raised by the constructor
    ├── ClientClosedError           a call on a client (or http_client) that was closed
    ├── InvalidRequestError         a call's arguments cannot be sent (raised before sending)
    ├── TokenExpiredError           a static JWT whose `exp` has passed (raised before sending)
    ├── PaginationError             the server repeated a `next_token`, or there is no next page
    └── APIError                    something went wrong talking to the API
        ├── APIConnectionError      no usable answer (connection refused, reset, ...)
        │   └── APITimeoutError
        ├── APIResponseValidationError   a 2xx body that does not fit its model
        └── APIStatusError          a non-2xx answer
            ├── BadRequestError 400, AuthenticationError 401, PermissionDeniedError 403,
            ├── NotFoundError 404, MethodNotAllowedError 405, ConflictError 409,
            ├── RateLimitError 429
            └── InternalServerError 500 and any other 5xx
                └── ServiceUnavailableError 503

`ServiceUnavailableError` is a subclass of `InternalServerError` so that catching
`InternalServerError` catches every 5xx. Other 4xx statuses raise `APIStatusError` itself.
A generated package may give the base class its vendor's name as well (the same class). No
message built here ever contains the access token or the client secret, and the
request an error carries has its credentials redacted (`redacted_request`).
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "Error",
    "ConfigurationError",
    "ClientClosedError",
    "InvalidRequestError",
    "TokenExpiredError",
    "PaginationError",
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "MethodNotAllowedError",
    "ConflictError",
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
]


class Error(Exception):
    """Base class of every error this package raises."""


class ConfigurationError(Error, ValueError):
    """The client cannot be built: a missing tenant or credential, or an invalid setting."""


class ClientClosedError(Error, RuntimeError):
    """A call on a client after `close()` (or on an `http_client` its owner closed); nothing was
    sent."""


class InvalidRequestError(Error, ValueError):
    """A call's arguments cannot be sent: a body that does not fit its model, a missing path
    value, a header value with CR or LF. Raised before anything is sent."""


class TokenExpiredError(Error):
    """The static access token is a JWT whose `exp` has passed; nothing was sent."""


class PaginationError(Error):
    """Pagination cannot go on: no next page, or the server repeated a `next_token`."""


class APIError(Error):
    """A call reached (or tried to reach) the API and failed.

    `retries_taken` is how many times the call was retried before this error was raised.
    `request_id` is the server's id for its answer (an `x-request-id` header, or the error
    envelope's), whenever an answer began to arrive; None when none did.
    """

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None,
        retries_taken: int = 0,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.request = request
        self.retries_taken = retries_taken
        self.request_id = request_id


class APIConnectionError(APIError):
    """No usable answer came back: the connection failed, was reset, or the protocol broke."""


class APITimeoutError(APIConnectionError):
    """The connect, write, read or pool timeout ran out."""


class APIResponseValidationError(APIError):
    """A 2xx answer whose body does not fit the expected model, or any answer larger than the
    client's limit (`field` None, `errors` empty).

    `field` names the first offending field as a dotted path (e.g. `data.0.state`), or is
    None when the body is not JSON at all; `errors` holds every problem found.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        field: str | None,
        errors: list[dict[str, Any]],
        retries_taken: int = 0,
        request_id: str | None = None,
    ) -> None:
        super().__init__(
            message,
            request=response.request,
            retries_taken=retries_taken,
            request_id=request_id,
        )
        self.response = response
        self.status_code = response.status_code
        self.field = field
        self.errors = errors


class APIStatusError(APIError):
    """The API answered with a non-2xx status.

    `message`, `request_id` and `trace_id` come from the error envelope
    `{"status", "message", "request_id"?, "trace_id"?}`; when the body is not that envelope
    (an HTML 502 page from a proxy, say), `message` is a short excerpt of it. `request_id`
    falls back to the `x-request-id` response header. `body` is the parsed JSON, or None.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object | None,
        request_id: str | None,
        trace_id: str | None,
        operation: str,
        retries_taken: int = 0,
    ) -> None:
        self.response = response
        self.status_code = response.status_code
        self.message = message
        self.body = body
        self.trace_id = trace_id
        self.operation = operation
        ids = ", ".join(
            f"{k}={v}"
            for k, v in (("request_id", request_id), ("trace_id", trace_id))
            if v
        )
        text = f"{operation} answered {response.status_code} {response.reason_phrase}: {message}"
        super().__init__(
            text + (f" ({ids})" if ids else ""),
            request=response.request,
            retries_taken=retries_taken,
            request_id=request_id,
        )


class BadRequestError(APIStatusError):
    """400: a parameter is missing or invalid."""


class AuthenticationError(APIStatusError):
    """401: the token is invalid or expired, or the version identifier is wrong."""


class PermissionDeniedError(APIStatusError):
    """403: authenticated, but not allowed to do this."""


class NotFoundError(APIStatusError):
    """404: no such resource."""


class MethodNotAllowedError(APIStatusError):
    """405: the endpoint does not support this method."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state."""


class RateLimitError(APIStatusError):
    """429: too many requests (raised once the retries are used up)."""


class InternalServerError(APIStatusError):
    """500, or any other 5xx without a class of its own."""


class ServiceUnavailableError(InternalServerError):
    """503: the service is unavailable."""
