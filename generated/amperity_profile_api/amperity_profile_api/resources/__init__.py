"""The API's resources, one per tag of the document, each imported when first used."""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .indexes import AsyncIndexes, Indexes
    from .profiles import AsyncProfiles, Profiles

_MODULES: dict[str, str] = {
    "Indexes": "indexes",
    "AsyncIndexes": "indexes",
    "Profiles": "profiles",
    "AsyncProfiles": "profiles",
}

__all__ = [
    "Indexes",
    "AsyncIndexes",
    "Profiles",
    "AsyncProfiles",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(_import_module(f".{module}", __name__), name)
