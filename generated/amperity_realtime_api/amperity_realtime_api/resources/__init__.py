"""The API's resources, one per tag of the document, each imported when first used."""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .collections import AsyncCollections, Collections
    from .events import AsyncEvents, Events
    from .lookup import AsyncLookup, Lookup
    from .profiles import AsyncProfiles, Profiles
    from .segments import AsyncSegments, Segments

_MODULES: dict[str, str] = {
    "Events": "events",
    "AsyncEvents": "events",
    "Lookup": "lookup",
    "AsyncLookup": "lookup",
    "Profiles": "profiles",
    "AsyncProfiles": "profiles",
    "Segments": "segments",
    "AsyncSegments": "segments",
    "Collections": "collections",
    "AsyncCollections": "collections",
}

__all__ = [
    "Events",
    "AsyncEvents",
    "Lookup",
    "AsyncLookup",
    "Profiles",
    "AsyncProfiles",
    "Segments",
    "AsyncSegments",
    "Collections",
    "AsyncCollections",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(_import_module(f".{module}", __name__), name)
