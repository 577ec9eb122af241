"""The API's models. Each is imported when first used, with the models it refers to: a call
loads only the models of its operation, however large the API."""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._collection_history import CollectionHistory
    from ._collection_stats import CollectionStats
    from ._error import Error
    from ._history_bucket import HistoryBucket
    from ._lookup_profile_by_body_request import LookupProfileByBodyRequest
    from ._profile import Profile
    from ._segment_membership import SegmentMembership
    from ._segment_membership_list import SegmentMembershipList
    from ._segment_profile import SegmentProfile
    from ._segment_profile_list import SegmentProfileList

# Each module with the classes it defines.
_CLASSES: dict[str, tuple[str, ...]] = {
    "_collection_history": ("CollectionHistory",),
    "_collection_stats": ("CollectionStats",),
    "_error": ("Error",),
    "_history_bucket": ("HistoryBucket",),
    "_lookup_profile_by_body_request": ("LookupProfileByBodyRequest",),
    "_profile": ("Profile",),
    "_segment_membership": ("SegmentMembership",),
    "_segment_membership_list": ("SegmentMembershipList",),
    "_segment_profile": ("SegmentProfile",),
    "_segment_profile_list": ("SegmentProfileList",),
}
_MODULES = {cls: module for module, classes in _CLASSES.items() for cls in classes}

__all__ = [
    "CollectionHistory",
    "CollectionStats",
    "Error",
    "HistoryBucket",
    "LookupProfileByBodyRequest",
    "Profile",
    "SegmentMembership",
    "SegmentMembershipList",
    "SegmentProfile",
    "SegmentProfileList",
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
