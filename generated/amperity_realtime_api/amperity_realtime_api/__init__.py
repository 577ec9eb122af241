"""A typed client for the Amperity Real-time API, api-version unstable."""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING, Any

from . import errors
from ._client import Amperity, AsyncAmperity
from ._runtime import APIDeprecationWarning as AmperityDeprecationWarning
from ._runtime import AsyncPaginator, ResponseInfo, SyncPage, raw_response

if TYPE_CHECKING:
    from . import models, resources
    from ._runtime._events import EventFailure, EventsSummary

__version__ = "0.1.0"
__api_version__ = "unstable"

__all__ = [
    "Amperity",
    "AsyncAmperity",
    "AmperityDeprecationWarning",
    "AsyncPaginator",
    "EventFailure",
    "EventsSummary",
    "ResponseInfo",
    "SyncPage",
    "errors",
    "models",
    "raw_response",
    "resources",
    "__api_version__",
    "__version__",
]


def __getattr__(name: str) -> Any:
    # The models and resources are imported when first used: a large API imports fast.
    if name in ("models", "resources"):
        return _import_module(f".{name}", __name__)
    if name in ("EventFailure", "EventsSummary"):
        return getattr(_import_module("._runtime._events", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
