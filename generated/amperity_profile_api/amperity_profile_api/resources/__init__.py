"""The API's resources, one per tag of the document."""

from .indexes import AsyncIndexes, Indexes
from .profiles import AsyncProfiles, Profiles

__all__ = [
    "Indexes",
    "AsyncIndexes",
    "Profiles",
    "AsyncProfiles",
]
