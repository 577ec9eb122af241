"""The base of every generated model, and the response information the client attaches to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
from pydantic import BaseModel, ConfigDict


@dataclass(frozen=True, eq=False)
class ResponseInfo:
    """What the HTTP layer said about the answer a model or page was read from."""

    status_code: int
    headers: httpx.Headers
    # From the `x-request-id` (or `request-id`, `x-amzn-requestid`) header; None if absent.
    request_id: str | None
    retries_taken: int
    http_response: httpx.Response


class AmperityModel(BaseModel):
    """Base of every generated model.

    Unknown fields are kept (adding a response field is not a breaking change), fields may be
    set by Python name or wire name, and the model the client returns remembers its response.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    # A slot, not a pydantic PrivateAttr: pydantic initialises private attributes on every
    # instance, which doubled the cost of reading a page of items; an unset slot costs nothing.
    # Not a field either, so it never takes part in equality, dumps or copies.
    __slots__ = ("_response_info",)
    if TYPE_CHECKING:
        _response_info: ResponseInfo


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
