"""What the client remembers of the answer a model or page was read from."""

from __future__ import annotations

from dataclasses import dataclass

import httpx


@dataclass(frozen=True, eq=False)
class ResponseInfo:
    """What the HTTP layer said about the answer a model or page was read from."""

    status_code: int
    headers: httpx.Headers
    # From the `x-request-id` (or `request-id`, `x-amzn-requestid`) header; None if absent.
    request_id: str | None
    retries_taken: int
    http_response: httpx.Response


def raw_response(obj: object) -> ResponseInfo:
    """The status, headers, request id and retry count of the answer `obj` was read from.

    Works on any model or page the client returned (items of a page carry their page's).
    Methods that return None or a plain type (a list, a str) give nothing to ask: there is
    no ResponseInfo for them, and asking raises ValueError.
    """
    info = getattr(obj, "_response_info", None)
    if isinstance(info, ResponseInfo):
        return info
    raise ValueError(
        f"no response information for a {type(obj).__name__}: only models and pages returned "
        "by the client carry it (not None, plain types, or models built by hand)"
    )
