"""The handwritten runtime every generated Amperity client package ships as `<package>/_runtime/`.

It imports nothing but the standard library, httpx and pydantic, and only relatively, so the
copy inside a generated package is self-contained.
"""

from . import errors
from ._auth import SecurityScheme
from ._client import AsyncAPIClient, AsyncAPIResource, SyncAPIClient, SyncAPIResource
from ._deprecation import AmperityDeprecationWarning
from ._models import AmperityModel, ResponseInfo, raw_response
from ._request import BinaryContent, Endpoint, FileContent, Request
from ._response import Answer, Responses
from .pagination import AsyncPage, AsyncPaginator, SyncPage

__all__ = [
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
