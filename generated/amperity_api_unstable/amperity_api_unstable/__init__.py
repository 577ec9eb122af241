"""A typed client for the Amperity API (Unstable), api-version unstable."""

from . import errors, models
from ._client import Amperity, AsyncAmperity
from ._runtime import (
    AmperityDeprecationWarning,
    AsyncPaginator,
    ResponseInfo,
    SyncPage,
    raw_response,
)

__version__ = "1.0.0"
__api_version__ = "unstable"

__all__ = [
    "Amperity",
    "AsyncAmperity",
    "AmperityDeprecationWarning",
    "AsyncPaginator",
    "ResponseInfo",
    "SyncPage",
    "errors",
    "models",
    "raw_response",
    "__api_version__",
    "__version__",
]
