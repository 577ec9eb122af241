"""The base of every generated model, and the response information the client attaches to it."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from pydantic import BaseModel, ConfigDict, PrivateAttr


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

    _response_info: ResponseInfo | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        # pydantic compares private attributes too; two reads of the same object must stay
        # equal although they came from different responses.
        if not isinstance(other, BaseModel) or type(other) is not type(self):
            return NotImplemented
        return (
            self.__dict__ == other.__dict__
            and self.__pydantic_extra__ == other.__pydantic_extra__
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, as BaseModel: not hashable


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
