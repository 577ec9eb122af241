"""The API's models. Each is imported when first used, with the models it refers to: a call
loads only the models of its operation, however large the API."""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._error_response import ErrorResponse
    from ._index import Index
    from ._index_list_response import IndexListResponse
    from ._profile import Profile
    from ._profile_attributes import ProfileAttributes
    from ._profile_list_response import ProfileListResponse

# Each module with the classes it defines.
_CLASSES: dict[str, tuple[str, ...]] = {
    "_error_response": ("ErrorResponse",),
    "_index": ("Index",),
    "_index_list_response": ("IndexListResponse",),
    "_profile": ("Profile",),
    "_profile_attributes": ("ProfileAttributes",),
    "_profile_list_response": ("ProfileListResponse",),
}
_MODULES = {cls: module for module, classes in _CLASSES.items() for cls in classes}

__all__ = [
    "ErrorResponse",
    "Index",
    "IndexListResponse",
    "Profile",
    "ProfileAttributes",
    "ProfileListResponse",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next use is a plain attribute read
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
