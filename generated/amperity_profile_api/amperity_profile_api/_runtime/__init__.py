"""The handwritten runtime every generated Amperity client package ships as `<package>/_runtime/`.

It imports nothing but the standard library, httpx and pydantic, and only relatively, so the
copy inside a generated package is self-contained. pydantic is imported when first needed (the
models, the first request): importing the package and making a client do without it.
"""

from typing import TYPE_CHECKING, Any

from . import errors
from ._auth import SecurityScheme
from ._client import AsyncAPIClient, AsyncAPIResource, SyncAPIClient, SyncAPIResource
from ._deprecation import AmperityDeprecationWarning
from ._info import ResponseInfo, raw_response
from ._request import BinaryContent, Endpoint, FileContent, Request
from ._response import Acknowledged, Answer, Responses
from .pagination import AsyncPage, AsyncPaginator, SyncPage

if TYPE_CHECKING:
    from ._models import AmperityModel

__all__ = [
    "Acknowledged",
    "AmperityDeprecationWarning",
    "AmperityModel",
    "Answer",
    "AsyncAPIClient",
    "AsyncAPIResource",
    "AsyncPage",
    "AsyncPaginator",
    "BinaryContent",
    "Endpoint",
    "FileContent",
    "Request",
    "ResponseInfo",
    "Responses",
    "SecurityScheme",
    "SyncAPIClient",
    "SyncAPIResource",
    "SyncPage",
    "errors",
    "raw_response",
]


def __getattr__(name: str) -> Any:
    if name == "AmperityModel":
        from ._models import AmperityModel

        return AmperityModel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
