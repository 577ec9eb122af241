"""The handwritten runtime every generated client package ships as `<package>/_runtime/`.

It imports nothing but the standard library, httpx and pydantic, and only relatively, so the
copy inside a generated package is self-contained. pydantic is imported when first needed (the
models, the first request): importing the package and making a client do without it.
"""

from typing import TYPE_CHECKING, Any

from . import errors
from ._auth import SecurityScheme
from ._checks import Check
from ._client import AsyncAPIClient, AsyncAPIResource, SyncAPIClient, SyncAPIResource
from ._deprecation import APIDeprecationWarning
from ._info import ResponseInfo, raw_response
from ._request import (
    UNSET,
    BinaryContent,
    Endpoint,
    FileContent,
    Request,
    Timeout,
    Unset,
)
from ._response import Acknowledged, Answer, Responses
from .pagination import AsyncPage, AsyncPaginator, SyncPage

if TYPE_CHECKING:
    from ._models import Model

__all__ = [
    "Acknowledged",
    "APIDeprecationWarning",
    "Answer",
    "AsyncAPIClient",
    "AsyncAPIResource",
    "AsyncPage",
    "AsyncPaginator",
    "BinaryContent",
    "Check",
    "Endpoint",
    "FileContent",
    "Model",
    "Request",
    "ResponseInfo",
    "Responses",
    "SecurityScheme",
    "SyncAPIClient",
    "SyncAPIResource",
    "SyncPage",
    "Timeout",
    "UNSET",
    "Unset",
    "errors",
    "raw_response",
]


def __getattr__(name: str) -> Any:
    if name == "Model":
        from ._models import Model

        return Model
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
